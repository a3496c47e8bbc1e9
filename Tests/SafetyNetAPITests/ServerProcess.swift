import Foundation
import HummingbirdTesting
import NIOSSL
import PostgresTestSupport

/// The built `safetynet serve` running as a process of its own, so a test can kill it with
/// SIGKILL mid-request the way a crash or an out-of-memory kill would.
final class ServerProcess: @unchecked Sendable {  // Process is used from one test at a time
    private let process: Process
    private let logFile: URL
    /// The HTTPS port it serves on.
    let port: Int

    private init(process: Process, logFile: URL, port: Int) {
        self.process = process
        self.logFile = logFile
        self.port = port
    }

    /// The built command-line tool, beside the test bundle or in the package's debug build folder.
    static var executable: URL {
        get throws {
            let candidates = [
                Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("safetynet"),
                Bundle.main.bundleURL.appendingPathComponent("safetynet"),
                TestPostgres.packageRoot.appendingPathComponent(".build/debug/safetynet"),
            ]
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw TestFailure("no built safetynet executable in \(candidates.map(\.path)); run swift build --build-tests")
            }
            return found
        }
    }

    /// Starts `safetynet serve` on a free port against `databaseURL` and waits until it serves;
    /// its log goes to a file in `dataFolder`.
    static func start(databaseURL: String, keyring: String, dataFolder: URL) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = try executable
        process.arguments = [
            "serve", "--database-url", databaseURL, "--port", "0", "--data-dir", dataFolder.path, "--no-migrate",
            "--log-level", "info",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["SAFETYNET_PERSONAL_DATA_KEYS": keyring]) { $1 }
        let log = dataFolder.appendingPathComponent("server-\(UUID().uuidString).log")
        try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let output = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if let port = Self.port(in: output()) { return ServerProcess(process: process, logFile: log, port: port) }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw TestFailure("safetynet serve did not start: \(output())")
    }

    private static func port(in text: String) -> Int? {
        guard let range = text.range(of: "https://127.0.0.1:") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// What the server has logged so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Kills the process with SIGKILL, as a crash would end it, and waits until it is gone.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A TLS client for it that does not check the self-signed development certificate.
    func client() -> TestClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(tlsConfiguration: tls, serverName: "localhost"))
        client.connect()
        return client
    }
}
