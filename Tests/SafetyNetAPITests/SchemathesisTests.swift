import Foundation
import Testing

/// Issue 11: schemathesis fuzzes every operation of the served document against the real
/// server, as an admin and as a grid worker, with every check but `positive_data_acceptance`
/// (which expects any schema-valid body to be taken, while ids must name real records and ID
/// numbers need a valid check digit). Any 5xx, undocumented status or answer off its schema
/// fails; the server's own contract check turns the last two into 500s as well.
///
/// `.ci/run` installs schemathesis from PyPI and names it in `SAFETYNET_SCHEMATHESIS`; without
/// it the run is skipped locally and refused in CI. The time limit counts from the test's start,
/// which on a slow machine includes minutes of waiting for a test database while the rest of the
/// suite runs (a 2-core machine took 9 minutes to get there); a hang of the server part is caught
/// by `RunningServer`'s watchdog.
@Suite("schemathesis over every operation")
struct SchemathesisTests {
    static let command: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["SAFETYNET_SCHEMATHESIS"] { return named }
        let path = environment["PATH"]?.split(separator: ":").map { "\($0)/schemathesis" }
        return path?.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    @Test(
        "no server error, no undocumented status and no answer off its schema, as admin and as grid worker",
        .enabled(if: command != nil || required), .timeLimit(.minutes(20)))
    func fuzz() async throws {
        let command = try #require(Self.command, "schemathesis is not installed; .ci/run installs it from PyPI")
        try await APITestDistrict.with { district in
            for login in ["admin", "grid"] {
                let token = try await district.token(login)
                let (status, output) = try await Self.run(command, port: district.port, token: token)
                #expect(status == 0, "schemathesis as \(login) exited \(status):\n\(output.suffix(6_000))")
                #expect(output.contains("generated"), "schemathesis as \(login) tested nothing:\n\(output.suffix(2_000))")
            }
        }
    }

    /// Runs schemathesis against the server on `port` with `token`; its exit status and output.
    static func run(_ command: String, port: Int, token: String) async throws -> (Int32, String) {
        let base = "https://127.0.0.1:\(port)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = [
            "run", "\(base)/openapi.json", "--url", base, "--header", "Authorization: Bearer \(token)", "--tls-verify", "false",
            "--checks", "all", "--exclude-checks", "positive_data_acceptance",
            // Signing out would revoke the token the rest of the run uses.
            "--exclude-path", "/api/v1/sessions/current",
            "--max-examples", "10", "--workers", "2", "--no-color",
        ]
        // schemathesis keeps a cache in its working directory: not in the checkout.
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let collected = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let text = String(decoding: await collected.value, as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
