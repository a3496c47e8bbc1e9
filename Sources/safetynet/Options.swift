import ArgumentParser
import CoreMetrics
import Foundation
import Logging
import PersonalData
import PostgresClient
import SafetyNetAPI
import SafetyNetKernel
import SafetyNetStorage
import ServerConfiguration
import ServerLogging
import ServerMetrics

/// A setting from its flag, else its environment variable, else the configuration file; nil when none gives it.
func setting(_ flag: String?, _ key: SettingKey) -> String? {
    SettingSources.current.value(key, flag: flag)
}

/// A setting as ``setting(_:_:)``, else `fallback`.
func setting(_ flag: String?, _ key: SettingKey, default fallback: String) -> String {
    setting(flag, key) ?? fallback
}

/// A secret setting: as ``setting(_:_:)``, else read from the file its `…_FILE` variant names.
func secretSetting(_ flag: String?, _ key: SettingKey) throws -> String? {
    do { return try SettingSources.current.secret(key, flag: flag) } catch { throw CommandFailure("\(error)") }
}

/// Where the database is and how many connections to use.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL URL or conninfo; env SAFETYNET_DATABASE_URL, or a file named by SAFETYNET_DATABASE_URL_FILE. Add ?sslmode=require for TLS.")
    var url: String?

    @Option(name: .customLong("pool-size"), help: "Most database connections at once; env SAFETYNET_POOL_SIZE (default 8).")
    var poolSize: Int?

    @Option(
        name: .customLong("owner-database-url"),
        help:
            "The schema owner's URL, for migrations, when --database-url connects as a runtime role with fewer rights; env SAFETYNET_OWNER_DATABASE_URL (or …_FILE)."
    )
    var ownerURL: String?

    /// The owner's URL, when the deployment separates the owner from the runtime role.
    var resolvedOwnerURL: String? { get throws { try secretSetting(ownerURL, .ownerDatabaseURL) } }

    /// For work on the whole schema (backups): `--database-url` when given on the command line,
    /// else the owner's URL, else the runtime one.
    func ownerOrRuntimeURL() throws -> String {
        guard let url = try url ?? resolvedOwnerURL ?? (try resolvedURL) else {
            throw ValidationError("no database: pass --owner-database-url or --database-url (or set SAFETYNET_OWNER_DATABASE_URL)")
        }
        return url
    }

    /// The URL from the flag or the environment, if either gives one.
    var resolvedURL: String? { get throws { try secretSetting(url, .databaseURL) } }

    /// A pool on the configured database; throws telling how to give one when none is.
    func connect(logger: Logger) throws -> ConnectionPool {
        guard let url = try resolvedURL else {
            throw ValidationError("no database: pass --database-url or set SAFETYNET_DATABASE_URL (or run `safetynet demo`)")
        }
        return try makePool(url: url, logger: logger)
    }

    /// The pool's size: the flag, environment or file, else 8.
    func poolSizeSetting() throws -> Int {
        guard let text = setting(poolSize.map(String.init), .poolSize) else { return 8 }
        guard let size = Int(text), size > 0 else { throw ValidationError("--pool-size must be a whole number, at least 1") }
        return size
    }

    /// A pool on `url`, sized from the options; see ``PostgresConfiguration/waitsForDisk``.
    func makePool(url: String, waitsForDisk: Bool = true, logger: Logger) throws -> ConnectionPool {
        let size = try poolSizeSetting()
        var connection = try PostgresConfiguration(url)
        connection.waitsForDisk = waitsForDisk
        return ConnectionPool(configuration: .init(connection: connection, maximumConnections: size), logger: logger)
    }
}

/// Where the HTTPS server listens and its certificate.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on; env SAFETYNET_HOST (default 127.0.0.1; 0.0.0.0 for all).")
    var host: String?

    @Option(help: "TLS port; env SAFETYNET_PORT (default 8443).")
    var port: Int?

    @Option(help: "PEM certificate chain; env SAFETYNET_TLS_CERTIFICATE. Without it a self-signed development certificate is used.")
    var certificate: String?

    @Option(name: .customLong("private-key"), help: "PEM private key of the certificate; env SAFETYNET_TLS_PRIVATE_KEY.")
    var privateKey: String?

    @Option(
        name: .customLong("client-ca"),
        help: "PEM file of the CA issuing department systems' client certificates, to accept mutual TLS; env SAFETYNET_TLS_CLIENT_CA.")
    var clientCA: String?

    @Option(
        name: .customLong("max-connections"),
        help: "Client connections open at once; env SAFETYNET_MAX_CONNECTIONS (default 1000, at most what the descriptor limit allows).")
    var maxConnections: Int?

    /// The settings, with the development certificate kept in `dataFolder` when no files are given.
    func settings(dataFolder: URL) throws -> ServerSettings {
        let text = setting(port.map(String.init), .port, default: "8443")
        guard let port = Int(text), (0...65_535).contains(port) else { throw ValidationError("--port must be a number between 0 and 65535") }
        let certificate: ServerSettings.Certificate
        switch (setting(self.certificate, .certificate), setting(privateKey, .privateKey)) {
        case (let certificateFile?, let keyFile?): certificate = .files(certificate: certificateFile, privateKey: keyFile)
        case (nil, nil): certificate = .development(folder: dataFolder.appendingPathComponent("tls"))
        default: throw ValidationError("give both --certificate and --private-key, or neither for a development certificate")
        }
        var limits = ServerSettings.ConnectionLimits()
        if let text = setting(maxConnections.map(String.init), .maxConnections) {
            guard let count = Int(text), count >= 1 else { throw ValidationError("--max-connections is a whole number, 1 or more") }
            limits.maximumConnections = count
        }
        limits.maximumConnections = min(limits.maximumConnections, DescriptorLimit.raised() - DescriptorLimit.reserved)
        return ServerSettings(
            host: setting(host, .host) ?? "127.0.0.1", port: port, certificate: certificate,
            clientCertificateAuthority: setting(clientCA, .clientCA), limits: limits)
    }
}

/// Where the signed checkpoints of the audit chain are kept.
struct CheckpointOptions: ParsableArguments {
    @Option(
        name: .customLong("audit-checkpoints"),
        help:
            "File of signed audit-chain checkpoints, kept outside the database; env SAFETYNET_AUDIT_CHECKPOINTS (default <data-dir>/audit-checkpoints)."
    )
    var file: String?

    /// The checkpoint file.
    func file(dataFolder: URL) -> URL {
        setting(file, .auditCheckpoints).map { URL(fileURLWithPath: $0) } ?? dataFolder.appendingPathComponent("audit-checkpoints")
    }
}

/// The folder for local state and the log level.
struct CommonOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "Folder for local state (development certificate, demo database, keys); env SAFETYNET_DATA_DIR (default ./.safetynet).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical; env LOG_LEVEL (default info).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text, or json for one JSON object per line; env SAFETYNET_LOG_FORMAT (default text).")
    var logFormat: String?

    @Option(
        name: .customLong("config"),
        help: "YAML file of settings (`port: 8443`, `tls-certificate: …`); flags and environment variables win over it; env SAFETYNET_CONFIG.")
    var configFile: String?

    var dataFolder: URL {
        URL(fileURLWithPath: setting(dataDirectory, .dataDirectory, default: ".safetynet")).standardizedFileURL
    }

    /// Reads the configuration file, when one is named, as the source after flags and environment.
    func loadConfiguration() throws {
        guard let path = configFile ?? ProcessInfo.processInfo.environment["SAFETYNET_CONFIG"] else { return }
        do {
            SettingSources.use(SettingSources(file: try ConfigurationFile(path: path)))
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// The log level and format chosen.
    func logSettings() throws -> (level: Logger.Level, format: LogFormat) {
        let text = setting(logLevel, .logLevel, default: "info")
        guard let level = Logger.Level(rawValue: text) else { throw ValidationError("unknown log level \(text)") }
        let formatName = setting(logFormat, .logFormat, default: "text")
        guard let format = LogFormat(rawValue: formatName) else { throw ValidationError("--log-format is text or json, not \(formatName)") }
        return (level, format)
    }

    /// Reads the configuration file, then sends logs to standard error at the chosen level and in
    /// the chosen format, each line with the request it belongs to; returns the root logger.
    func bootstrapLogging() throws -> Logger {
        try loadConfiguration()
        let (level, format) = try logSettings()
        LoggingSystem.bootstrap(
            { label, provider in BufferedLogHandler(label: label, output: .standardError, format: format, level: level, metadataProvider: provider) },
            metadataProvider: RequestLogContext.metadataProvider)
        return Logger(label: "safetynet")
    }
}

/// District policy the server applies.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("visit-intervals"),
        help: "Days between visits per risk level, e.g. red=7,yellow=14,blue=30,green=30 (the default; at most 31); env SAFETYNET_VISIT_INTERVALS.")
    var visitIntervals: String?

    /// The visit policy from the flag or the environment, else the standard one.
    func visitPolicy() throws -> VisitPolicy {
        guard let text = setting(visitIntervals, .visitIntervals) else { return .standard }
        do { return try VisitPolicy(parsing: text) } catch { throw ValidationError("--visit-intervals: \(error.message)") }
    }

    @Option(
        name: .customLong("assistance-settings"),
        help:
            "File of district settings (key = value lines) overriding the assistance types' defaults; GET /api/v1/assistance-types lists the keys; env SAFETYNET_ASSISTANCE_SETTINGS."
    )
    var assistanceSettings: String?

    /// The linked modules' assistance types, with the settings file's values until the stored
    /// versions are loaded.
    func catalog() throws -> AssistanceCatalog {
        try AssistanceCatalog(modules: DepartmentRegistry.modules, settings: settingsFile()?.values ?? .defaults)
    }

    /// The settings file named by the flag or the environment, read and checked; nil when none is named.
    func settingsFile() throws -> SettingsFile? {
        guard let path = setting(assistanceSettings, .assistanceSettings) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do {
            return SettingsFile(
                values: try AssistanceSettings(parsing: text, known: AssistanceCatalog.parameters(of: DepartmentRegistry.modules)), path: path)
        } catch {
            throw CommandFailure("--assistance-settings \(path): \(error.field): \(error.message)")
        }
    }
}

/// The personal-data keyring's location.
struct KeyringOptions: ParsableArguments {
    @Option(
        name: .customLong("personal-data-keys"),
        help:
            "Keyring file sealing ID and phone numbers; env SAFETYNET_PERSONAL_DATA_KEYS_FILE, or the keyring text itself in SAFETYNET_PERSONAL_DATA_KEYS."
    )
    var file: String?

    /// The keyring file: the flag's, the environment's, else `personal-data.keys` in `dataFolder`;
    /// nil when the keyring text itself is in the environment.
    func file(in dataFolder: URL?) -> URL? {
        if file == nil, ProcessInfo.processInfo.environment["SAFETYNET_PERSONAL_DATA_KEYS"] != nil { return nil }
        return (setting(file, .personalDataKeysFile) ?? dataFolder?.appendingPathComponent("personal-data.keys").path)
            .map { URL(fileURLWithPath: $0) }
    }

    /// The keyring from the environment or the file (by default `personal-data.keys` in
    /// `dataFolder`); with `create`, a new keyring is written there when none exists.
    func load(in dataFolder: URL? = nil, create: Bool = false) throws -> PersonalDataKeyring {
        try protector(in: dataFolder, create: create).keyring
    }

    /// A protector over the keyring: following its file as keys rotate, or fixed when the keyring
    /// is given as text in the environment; with `create`, a new keyring file is written when none exists.
    func protector(in dataFolder: URL? = nil, create: Bool = false) throws -> PersonalDataProtector {
        if let text = ProcessInfo.processInfo.environment["SAFETYNET_PERSONAL_DATA_KEYS"], file == nil {
            return PersonalDataProtector(keyring: try PersonalDataKeyring(text: text))
        }
        guard let url = file(in: dataFolder), create || FileManager.default.fileExists(atPath: url.path) else {
            throw CommandFailure("no personal-data keyring: pass --personal-data-keys FILE (create one with `safetynet keys generate`)")
        }
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try PrivateFile.replace(url, with: PersonalDataKeyring.generateText())
        }
        return try PersonalDataProtector(keyringFile: url)
    }
}

/// Where Prometheus scrapes the server's metrics.
struct MetricsOptions: ParsableArguments {
    @Option(
        name: .customLong("metrics-port"),
        help: "Serve Prometheus metrics at http://<metrics-host>:<port>/metrics (plain HTTP); env SAFETYNET_METRICS_PORT. Off unless given.")
    var port: Int?

    @Option(
        name: .customLong("metrics-host"),
        help: "Address the metrics port listens on; env SAFETYNET_METRICS_HOST (default 127.0.0.1; 0.0.0.0 inside a container).")
    var host: String?

    /// The endpoint when a port is given (else `fallbackPort`'s), with swift-metrics bootstrapped to
    /// feed it; nil when metrics are off. Call it before anything records a metric: the pool and
    /// the server pick their collectors when they are made.
    func endpoint(fallbackPort: Int? = nil) throws -> MetricsEndpoint? {
        guard let port = try chosenPort() ?? fallbackPort else { return nil }
        let export = PrometheusExport()
        MetricsSystem.bootstrap(export.factory)
        return MetricsEndpoint(host: setting(host, .metricsHost) ?? "127.0.0.1", port: port, export: export)
    }

    /// The port given by flag, environment or file; nil when none is.
    func chosenPort() throws -> Int? {
        guard let text = setting(port.map(String.init), .metricsPort) else { return nil }
        guard let number = Int(text), (0...65_535).contains(number) else { throw ValidationError("--metrics-port must be between 0 and 65535") }
        return number
    }
}
