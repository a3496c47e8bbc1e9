import ArgumentParser
import Foundation

/// `safetynet serve`: the HTTPS API on an existing PostgreSQL database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the HTTPS API on an existing PostgreSQL database.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions

    @Flag(inversion: .prefixedNo, help: "Apply pending migrations before serving.")
    var migrate = true

    func run() async throws {
        let logger = try common.bootstrapLogging()
        guard let url = database.resolvedURL else {
            throw ValidationError("no database: pass --database-url or set SAFETYNET_DATABASE_URL (or run `safetynet demo`)")
        }
        let pool = try database.makePool(url: url, logger: logger)
        if migrate { try await ServerRuntime.migrate(pool: pool, logger: logger) }
        let settings = try server.settings(dataFolder: common.dataFolder)
        try await ServerRuntime.run(settings: settings, pool: pool, logger: logger) { port in
            logger.notice("SafetyNet is serving", metadata: ["url": "https://\(settings.host):\(port)"])
        }
    }
}
