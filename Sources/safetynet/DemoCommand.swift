import ArgumentParser
import DemoDistrict
import Foundation
import LocalPostgres
import Logging
import PersonalData
import PostgresClient
import SafetyNetAPI
import SafetyNetStorage

/// `safetynet demo`: everything on one machine with no set-up. Starts a private PostgreSQL
/// cluster (unless a database URL is given), migrates it, loads the demo district when the
/// database is empty and serves HTTPS on 127.0.0.1. Ctrl-C stops the server and the cluster.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run SafetyNet with a demo district on a private PostgreSQL it starts itself.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var keys: KeyringOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var checkpoints: CheckpointOptions
    @OptionGroup var metrics: MetricsOptions

    @Option(help: "Seed of the generated district (the same seed gives the same district).")
    var seed: UInt64 = 2025

    @Option(help: "Households to generate when the database is empty.")
    var households: Int = 20_000

    @Option(name: .customLong("feed-rows"), help: "Rows of each sample department file written to <data-dir>/feeds (0 for none).")
    var feedRows: Int = 2_000

    func validate() throws {
        guard (1...1_000_000).contains(households) else { throw ValidationError("--households must be between 1 and 1,000,000") }
        guard (0...10_000_000).contains(feedRows) else { throw ValidationError("--feed-rows must be between 0 and 10,000,000") }
    }

    func run() async throws {
        let logger = try common.bootstrapLogging()
        // The demo always serves metrics: on --metrics-port, else on Prometheus exporters' usual port when free.
        let metricsEndpoint = try metrics.endpoint(fallbackPort: LoopbackPort.isFree(9464) ? 9464 : try LoopbackPort.free())
        let folder = common.dataFolder
        do { try FolderClaim.claim(folder) } catch { throw CommandFailure("\(error)") }
        let (url, cluster) = try await databaseURL(folder: folder, logger: logger)
        defer { stop(cluster, logger: logger) }
        let pool = try database.makePool(url: url, logger: logger)  // the owner: migrations and the demo's own loading
        let runtime: (pool: ConnectionPool, url: String)?
        if let cluster {
            try await ServerRuntime.migrate(owner: pool, runtimeRole: nil, logger: logger)
            runtime = try await runtimeRole(in: cluster, owner: pool, logger: logger)
        } else {
            try await ServerRuntime.migrate(pool: pool, database: database, logger: logger)
            runtime = nil
        }
        let protector = try keys.protector(in: folder, create: true)
        let loader = DemoDistrictLoader(pool: pool, protector: protector, logger: logger)
        let report = try await loader.loadIfEmpty(DemoDistrictGenerator(seed: seed, householdCount: households))
        let loaded = try LoadedDistrict.remember(DemoDistrictGenerator(seed: seed, householdCount: households), loadedNow: report != nil, in: folder)
        try await DemoAccounts.ensure(in: Accounts(pool: pool))
        let summary = try await RegistrySummary.load(from: pool)
        var settings = try server.settings(dataFolder: folder)
        let busyPort = settings.port != 0 && !LoopbackPort.isFree(settings.port) ? settings.port : nil
        if busyPort != nil { settings.port = 0 }
        settings.metrics = metricsEndpoint
        let finalSettings = settings
        let databaseLine =
            cluster.map {
                "\(runtime?.url ?? $0.displayURL(database: Self.databaseName))  (the server's role; the owner's password is in \($0.folder.path)/credentials.json)"
            }
            ?? "the given --database-url"
        let catalog = try policy.catalog()
        let feedFolder = folder.appendingPathComponent("feeds")
        let samples =
            feedRows > 0
            ? try DemoFeedFiles(district: loaded.generate(), rows: feedRows)
                .write(catalog.feeds.values.sorted { $0.id < $1.id }, to: feedFolder) : []
        let calendar = try await CalendarBook.load(from: pool)
        // Generated cases are filed without waiting for each commit to reach the disk: a crash
        // leaves the database consistent, and the commits run through the audit chain's head
        // one after another, so a wait for the disk there would hold up every other filing.
        let filing = try database.makePool(url: url, waitsForDisk: false, logger: logger)
        let caseload: DemoCaseload.Report?
        do {
            caseload = try await DemoCaseload(pool: filing, catalog: catalog, calendar: calendar, logger: logger)
                .loadIfEmpty(DemoDistrictGenerator(seed: seed, householdCount: households))
        } catch {
            try? await filing.shutdown()
            throw error
        }
        try await filing.shutdown()
        // The generated district and files are gone by now; hand their memory back before serving,
        // so that the server's own footprint is what the system sees.
        trimMallocHeap()
        let modules = try await ModuleSwitchboard.load(modules: DepartmentRegistry.modules, from: pool)
        let serving = runtime?.pool ?? pool
        if runtime != nil { try await pool.shutdown() }
        let services = APIServices(
            pool: serving, protector: protector, catalog: catalog, modules: modules, calendar: calendar,
            checkpoints: AuditCheckpoints(file: checkpoints.file(dataFolder: folder), protector: protector),
            visitPolicy: try policy.visitPolicy(), settingsFile: try policy.settingsFile(), logger: logger)
        let logins = DemoAccounts.entries.map { "\($0.login) (\($0.role.chineseName), \($0.scope))" }.joined(separator: "\n             ")
        try await ServerRuntime.run(settings: finalSettings, services: services, pool: serving, logger: logger) { port in
            let base = "https://\(finalSettings.host == "0.0.0.0" ? "127.0.0.1" : finalSettings.host):\(port)"
            // Written straight to the file descriptor: print() would sit in a buffer when stdout is a file.
            FileHandle.standardOutput.write(
                Data(
                    """

                    SafetyNet demo is running at \(base)\(busyPort.map { "  (port \($0) was busy, so another was taken)" } ?? "")
                      console:   \(base)/  in a browser (网页工作台: the certificate is self-signed, so accept it once; sign in as grid on a phone)
                      health:    curl -sk \(base)/health
                      metrics:   \(finalSettings.metrics.map { "curl -s http://\($0.host == "0.0.0.0" ? "127.0.0.1" : $0.host):\($0.port)/metrics" } ?? "off")
                      database:  \(databaseLine)
                      district:  \(summary)\(report.map { "; loaded now in \(String(format: "%.1f", $0.duration / .seconds(1))) s" } ?? "")
                      caseload:  \(caseload.map { "\($0.cases) cases and \($0.referrals) referrals since \($0.from), filed now in \(String(format: "%.1f", $0.duration / .seconds(1))) s" } ?? "the year's cases and referrals, loaded before")
                      TLS:       a self-signed development certificate unless --certificate is given (hence curl -k)
                      users:     password "\(DemoAccounts.password)" for each of
                                 \(logins)
                      sign in:   curl -sk \(base)/api/v1/sessions -d '{"login":"grid","password":"\(DemoAccounts.password)"}'
                      feeds:     \(samples.isEmpty ? "no sample files (--feed-rows 0)" : "\(samples.count) sample department files in \(feedFolder.path), e.g. as the medical officer:\n                 safetynet feed upload \(feedFolder.path)/medical-aid.settlements.csv --feed medical-aid.settlements --server \(base) --insecure --token TOKEN")

                    Press Ctrl-C to stop the server and the database.

                    """.utf8))
        }
    }

    static let databaseName = "safetynet"
    /// The role the demo's server connects as: it may read and write, and only append to the audit log.
    static let runtimeRole = "safetynet_app"

    /// Creates (or re-keys) the runtime role, grants it the server's rights and opens its pool.
    private func runtimeRole(
        in cluster: LocalPostgresCluster, owner: ConnectionPool, logger: Logger
    ) async throws -> (pool: ConnectionPool, url: String) {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let password = String((0..<24).compactMap { _ in alphabet.randomElement() })
        try await DatabaseRoles.ensureLogin(Self.runtimeRole, password: password, on: owner)
        try await DatabaseRoles.grantRuntime(Self.runtimeRole, on: owner)
        let url = cluster.connectionURL(database: Self.databaseName, user: Self.runtimeRole, password: password)
        return (try database.makePool(url: url, logger: logger), url)
    }

    /// The given URL, or a private cluster's after starting it and creating the database.
    private func databaseURL(folder: URL, logger: Logger) async throws -> (String, LocalPostgresCluster?) {
        if let url = try database.resolvedURL { return (url, nil) }
        let cluster = try LocalPostgresCluster.start(in: folder.appendingPathComponent("postgres"), logger: logger)
        let admin = ConnectionPool(
            configuration: .init(
                connection: try PostgresConfiguration(cluster.connectionURL()), maximumConnections: 1), logger: logger)
        try await admin.withConnection { connection in
            if try connection.query("SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)").isEmpty {
                try connection.execute(script: "CREATE DATABASE \(Self.databaseName)")
            }
        }
        try await admin.shutdown()
        return (cluster.connectionURL(database: Self.databaseName), cluster)
    }

    private func stop(_ cluster: LocalPostgresCluster?, logger: Logger) {
        guard let cluster else { return }
        do {
            try cluster.stop()
            logger.notice("stopped the demo PostgreSQL")
        } catch {
            logger.error("could not stop the demo PostgreSQL: \(error)")
        }
    }
}

/// Which generator the loaded district came from, kept in the data folder: a later start, whatever
/// its --seed and --households, writes sample files about the people the database holds.
enum LoadedDistrict {
    private struct Record: Codable {
        let seed: UInt64
        let households: Int
    }

    /// Records `generator` when it loaded the district now; otherwise the recorded one (or
    /// `generator`, for a folder loaded before the record was kept).
    static func remember(_ generator: DemoDistrictGenerator, loadedNow: Bool, in folder: URL) throws -> DemoDistrictGenerator {
        let file = folder.appendingPathComponent("demo-district.json")
        if loadedNow {
            try JSONEncoder().encode(Record(seed: generator.seed, households: generator.householdCount)).write(to: file)
            return generator
        }
        guard let record = try? JSONDecoder().decode(Record.self, from: Data(contentsOf: file)) else { return generator }
        return DemoDistrictGenerator(seed: record.seed, householdCount: record.households)
    }
}
