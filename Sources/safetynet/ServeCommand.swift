import ArgumentParser
import Foundation
import PersonalData
import SafetyNetAPI
import SafetyNetStorage

/// `safetynet serve`: the HTTPS API on an existing PostgreSQL database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the HTTPS API on an existing PostgreSQL database.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var keys: KeyringOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var checkpoints: CheckpointOptions
    @OptionGroup var metrics: MetricsOptions

    @Flag(inversion: .prefixedNo, help: "Apply pending migrations before serving.")
    var migrate = true

    func run() async throws {
        let logger = try common.bootstrapLogging()
        let metricsEndpoint = try metrics.endpoint()
        let pool = try database.connect(logger: logger)
        if migrate { try await ServerRuntime.migrate(pool: pool, database: database, logger: logger) }
        var configured = try server.settings(dataFolder: common.dataFolder)
        configured.metrics = metricsEndpoint
        let settings = configured
        let protector = try keys.protector(in: common.dataFolder)
        let services = APIServices(
            pool: pool, protector: protector, catalog: try policy.catalog(),
            modules: try await ModuleSwitchboard.load(modules: DepartmentRegistry.modules, from: pool),
            calendar: try await CalendarBook.load(from: pool),
            checkpoints: AuditCheckpoints(file: checkpoints.file(dataFolder: common.dataFolder), protector: protector),
            visitPolicy: try policy.visitPolicy(), settingsFile: try policy.settingsFile(), logger: logger)
        try await ServerRuntime.run(settings: settings, services: services, pool: pool, logger: logger) { port in
            logger.notice("SafetyNet is serving", metadata: ["url": "https://\(settings.host):\(port)"])
        }
    }
}
