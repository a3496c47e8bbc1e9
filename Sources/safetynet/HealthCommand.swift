import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOSSL

/// `safetynet health`: asks a running server's `/health`, for container health checks.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask a running server whether it and its database are up: exit 0 when /health answers 200, 1 otherwise.")

    @Option(help: "The server's address; default https://127.0.0.1:<the port setting (SAFETYNET_PORT, SAFETYNET_CONFIG's port), else 8443>.")
    var server: String?

    @Flag(help: "Accept any server certificate: for a probe on the server's own machine, where the certificate names another host.")
    var insecure = false

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 5

    func run() async throws {
        try CommonOptions.parse([]).loadConfiguration()
        let base = server ?? "https://127.0.0.1:\(setting(nil, .port, default: "8443"))"
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecure { tls.certificateVerification = .none }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let status: UInt
        do {
            let response = try await client.execute(HTTPClientRequest(url: base + "/health"), timeout: .seconds(Int64(timeout)))
            status = response.status.code
            print("\(status) \(String(buffer: try await response.body.collect(upTo: 4_096)))")
        } catch {
            try await client.shutdown()
            print("no answer from \(base)/health: \(error)")
            throw ExitCode(1)
        }
        try await client.shutdown()
        if status != 200 { throw ExitCode(1) }
    }
}
