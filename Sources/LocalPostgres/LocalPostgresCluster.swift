import Foundation
import Logging

/// A private PostgreSQL cluster in a folder of its own, started with the installed `initdb` and
/// `pg_ctl`, listening on a free loopback port only, with a generated password.
///
/// The first start creates the cluster; later starts reuse it (and its port when still free).
/// When run as root the server runs as the `postgres` user, as PostgreSQL requires.
public struct LocalPostgresCluster: Sendable {
    /// How the cluster trades durability for speed.
    public struct Settings: Sendable {
        /// Whether commits must reach the disk (`fsync`); off only for throwaway test data.
        public var durable: Bool
        /// The server's `max_connections`.
        public var maximumConnections: Int

        /// For data that must survive a crash: the demo and anything kept.
        public static let durable = Settings(durable: true, maximumConnections: 100)
        /// For tests: no fsync, more connections for many parallel test databases.
        public static let disposable = Settings(durable: false, maximumConnections: 400)
    }

    /// The folder holding the cluster (`data/`), its log and its credentials.
    public let folder: URL
    /// The loopback port the server listens on.
    public let port: Int
    /// The superuser name.
    public let user: String
    private let password: String
    private let tools: PostgresTools

    /// A `postgresql://` URL for `database` on this cluster, password included: the
    /// administrator's, or another login's.
    public func connectionURL(database: String = "postgres", user: String? = nil, password: String? = nil) -> String {
        "postgresql://\(user ?? self.user):\(password ?? self.password)@127.0.0.1:\(port)/\(database)"
    }

    /// The same URL without the password, for printing.
    public func displayURL(database: String = "postgres") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// Creates the cluster if needed and starts it unless it is already running. Blocks until the
    /// server accepts connections; call it off the event loop.
    public static func start(
        in folder: URL, settings: Settings = .durable, logger: Logger = Logger(label: "safetynet.local-postgres")
    ) throws -> LocalPostgresCluster {
        let tools = try PostgresTools.locate(logger: logger)
        let folder = try tools.account.reachableFolder(for: folder, logger: logger)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try FileLock.withLock(at: folder.appendingPathComponent("launcher.lock")) {
            var credentials: Credentials
            if let saved = try Credentials.load(from: folder) {
                credentials = saved
            } else {
                // Saved before initdb, so a crash between the two never leaves a cluster whose password is lost.
                credentials = Credentials.generate()
                try credentials.save(in: folder)
            }
            let data = folder.appendingPathComponent("data")
            if !FileManager.default.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path) {
                try initialize(data: data, folder: folder, credentials: credentials, settings: settings, tools: tools, logger: logger)
            }
            if let running = tools.runningPort(data: data) {
                credentials.port = running
            } else {
                if credentials.port == 0 || !LoopbackPort.isFree(credentials.port) { credentials.port = try LoopbackPort.free() }
                logger.info("starting PostgreSQL", metadata: ["folder": "\(folder.path)", "port": "\(credentials.port)"])
                try tools.run(
                    "pg_ctl",
                    [
                        "-D", data.path, "-l", folder.appendingPathComponent("server.log").path,
                        "-w", "-t", "120", "-o", "-p \(credentials.port)", "start",
                    ], in: folder)
            }
            try credentials.save(in: folder)
            return LocalPostgresCluster(
                folder: folder, port: credentials.port, user: credentials.user, password: credentials.password, tools: tools)
        }
    }

    /// Stops the server (fast shutdown: open sessions are ended, committed data kept).
    public func stop() throws {
        try tools.run("pg_ctl", ["-D", dataFolder.path, "-m", "fast", "-w", "-t", "120", "stop"], in: folder)
    }

    /// Restarts the server on the same port, ending every open connection.
    public func restart() throws {
        try tools.run("pg_ctl", ["-D", dataFolder.path, "-m", "fast", "-w", "-t", "120", "-o", "-p \(port)", "restart"], in: folder)
    }

    /// Whether the server is running.
    public var isRunning: Bool { tools.runningPort(data: dataFolder) != nil }

    private var dataFolder: URL { folder.appendingPathComponent("data") }

    private static func initialize(
        data: URL, folder: URL, credentials: Credentials, settings: Settings, tools: PostgresTools, logger: Logger
    ) throws {
        logger.info("creating a PostgreSQL cluster", metadata: ["folder": "\(data.path)"])
        try? FileManager.default.removeItem(at: data)
        let passwordFile = folder.appendingPathComponent("initdb-password")
        try tools.account.writePrivately(credentials.password + "\n", to: passwordFile)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        try tools.run(
            "initdb",
            [
                "-D", data.path, "-U", credentials.user, "--pwfile=\(passwordFile.path)",
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-instructions",
            ] + (settings.durable ? [] : ["--no-sync"]), in: folder)
        var conf = """

            # Added by SafetyNet's launcher: loopback TCP only, no Unix socket.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = \(settings.maximumConnections)
            shared_buffers = 256MB
            log_min_messages = warning

            """
        if !settings.durable {
            conf += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        }
        let handle = try FileHandle(forWritingTo: data.appendingPathComponent("postgresql.conf"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(conf.utf8))
    }
}

/// The user, password and last port of a cluster, kept in `credentials.json` (mode 0600).
private struct Credentials: Codable {
    var user: String
    var password: String
    var port: Int

    static func generate() -> Credentials {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let password = String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
        return Credentials(user: "safetynet", password: password, port: 0)
    }

    static func load(from folder: URL) throws -> Credentials? {
        let file = folder.appendingPathComponent("credentials.json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try JSONDecoder().decode(Credentials.self, from: data)
    }

    func save(in folder: URL) throws {
        let file = folder.appendingPathComponent("credentials.json")
        let data = try JSONEncoder().encode(self)
        guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw LocalPostgresError.cannotWrite(file.path)
        }
    }
}

/// Errors starting or stopping the private cluster, each saying what to do.
public enum LocalPostgresError: Error, CustomStringConvertible {
    /// `initdb` / `pg_ctl` are not installed and could not be installed.
    case serverNotInstalled(String)
    /// A command failed; the message holds the end of its output.
    case commandFailed(command: String, status: Int32, output: String)
    /// A file could not be written.
    case cannotWrite(String)
    /// No loopback port could be reserved.
    case noFreePort
    /// Another process has claimed the folder.
    case folderInUse(String)

    public var description: String {
        switch self {
        case .serverNotInstalled(let hint):
            "the PostgreSQL server programs (initdb, pg_ctl) are not installed: \(hint)"
        case .commandFailed(let command, let status, let output):
            "\(command) failed with status \(status):\n\(output)"
        case .cannotWrite(let path): "cannot write \(path); check the folder's permissions"
        case .noFreePort: "no free loopback port could be found"
        case .folderInUse(let path): "another safetynet demo is running on \(path); stop it (Ctrl-C) first, or give this one another --data-dir"
        }
    }
}
