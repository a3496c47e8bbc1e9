import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresClient
import Testing

@Suite("Malformed requests")
struct MalformedRequestTests {
    /// Sends `request` raw over TLS and returns what comes back until the server closes, or until it holds `marker`.
    static func exchange(_ request: [UInt8], port: Int, until marker: String? = nil) async throws -> String {
        try await ConnectionLimitTests.asyncTLSChannel(port: port).executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: request))
            var reply = ""
            for try await buffer in inbound {
                reply += String(buffer: buffer)
                if let marker, reply.contains(marker) { break }
            }
            return reply
        }
    }

    @Test("a raw non-ASCII byte in the path is answered 400 and the connection closed, not left hanging")
    func nonASCIIPath() async throws {
        let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:1/none")))
        try await RunningServer.with(pool: pool) { _, port in
            let reply = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await Self.exchange(Array("GET /health?x=é HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8), port: port) }
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    return nil
                }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
            #expect(reply?.hasPrefix("HTTP/1.1 400") == true, "\(reply ?? "no answer within 10 s")")
            // A well-formed request on a fresh connection is still served.
            let health = try await Self.exchange(Array("GET /openapi.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8), port: port)
            #expect(health.hasPrefix("HTTP/1.1 200"))
        }
    }
}
