import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOSSL
import Synchronization
import DemoDistrict
import SafetyNetStorage
import Testing

@Suite("Push over WebSocket")
struct EventPushTests {
    /// Connects to the events WebSocket with `token`, runs `act` once the server confirms the
    /// subscription, and returns the first `count` event frames after the confirmation.
    static func receive(_ count: Int, port: Int, token: String, whileConnected act: @escaping @Sendable () async throws -> Void) async throws -> [String] {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let received = Mutex<[String]>([])
        let connected = AsyncStream<Void>.makeStream()
        let session = Task {
            defer { connected.continuation.finish() }  // also when the connection fails
            _ = try await WebSocketClient.connect(
                url: "wss://localhost:\(port)/api/v1/events",
                configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]),
                tlsConfiguration: tls, logger: Logger(label: "ws-test")
            ) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message else { continue }
                    if text.hasPrefix(#"{"type":"subscribed""#) { connected.continuation.finish(); continue }
                    let done = received.withLock { $0.append(text); return $0.count >= count }
                    if done { try await outbound.close(.normalClosure, reason: nil); return }
                }
            }
        }
        for await _ in connected.stream {}
        try await act()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await session.value }
            group.addTask { try await Task.sleep(for: .seconds(15)); throw TestFailure("no event within 15 s") }
            try await group.next()
            group.cancelAll()
            session.cancel()
        }
        return received.withLock { $0 }
    }

    @Test("a subscriber receives events in its scope, published by another connection, and none outside it")
    func scopedEvents() async throws {
        try await APITestDistrict.with { district in
            let grid = try await district.token("grid")
            let civil = try await district.token("civil")
            let inScope = try district.household(inGrid: AccessTests.ownGrid)
            let outside = try district.household(inGrid: AccessTests.otherTownGrid)
            let events = try await Self.receive(2, port: district.port, token: grid) {
                // First a visit in another town (must not arrive), then one in the grid, then a risk change by SQL.
                #expect(try await district.call(.post, "/api/v1/visits", token: civil, body: AccessTests.visit(outside.id.uuidString)).status == .created)
                #expect(try await district.call(.post, "/api/v1/visits", token: civil, body: AccessTests.visit(inScope.id.uuidString)).status == .created)
                try await district.pool.query("""
                    INSERT INTO monitoring (id, household_id, categories, risk_level, reason)
                    SELECT gen_random_uuid(), $1, '{dibao}', 'red', 'push test'
                    WHERE NOT EXISTS (SELECT 1 FROM monitoring WHERE household_id = $1 AND ended_at IS NULL)
                    """, [inScope.id])
                try await district.pool.query("UPDATE monitoring SET risk_level = 'red' WHERE household_id = $1 AND ended_at IS NULL", [inScope.id])
            }
            let parsed = events.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(parsed.count == 2)
            #expect(parsed.first?["type"] as? String == "visit.recorded")
            #expect(parsed.allSatisfy { $0["householdID"] as? String == inScope.id.uuidString.lowercased() })
            #expect(parsed.last.map { ["monitoring.started", "risk.changed"].contains($0["type"] as? String) } == true)
            #expect(!events.joined().contains(outside.id.uuidString.lowercased()))
        }
    }

    @Test("no upgrade without a valid token; plain GET says a WebSocket is required")
    func refused() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("grid")
            let plain = try await district.call(.get, "/api/v1/events", token: token)
            #expect(plain.status == .upgradeRequired && plain.json["code"] as? String == "websocket_required")
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                _ = try await WebSocketClient.connect(
                    url: "wss://localhost:\(district.port)/api/v1/events",
                    configuration: .init(additionalHeaders: [.authorization: "Bearer snt_forged"]),
                    tlsConfiguration: tls, logger: Logger(label: "ws-test")) { _, _, _ in }
            }
            // The refused upgrade is answered like any REST route: 401 with the JSON error.
            for authorization in ["", "Authorization: Bearer snt_forged\r\n"] {
                let request = "GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\(authorization)\r\n"
                let reply = try await MalformedRequestTests.exchange(Array(request.utf8), port: district.port)
                #expect(reply.hasPrefix("HTTP/1.1 401"), "\(reply.prefix(300))")
                #expect(reply.contains(#""code":"unauthenticated""#), "\(reply.prefix(300))")
            }
        }
    }
}

@Suite("Visits due announcements")
struct VisitDueAnnouncementTests {
    @Test("visits falling due are pushed once each, however often the check runs")
    func announcedOnce() async throws {
        try await APITestDistrict.with { district in
            let visits = VisitStore(pool: district.pool)
            let civil = try await district.token("civil")
            let events = try await EventPushTests.receive(1, port: district.port, token: civil) {
                let announced = try await visits.announceDue(now: Date())
                #expect(announced > 0)
            }
            #expect(events.first.map { $0.contains("\"visit.due\"") } == true)
            #expect(try await visits.announceDue(now: Date()) == 0)
            let notices: Int = try await district.pool.query("SELECT count(*) AS n FROM visit_due_notice")[0].decode("n")
            let expected = try await visits.due(in: DemoDistrictGenerator.districtCode, before: Date().addingTimeInterval(86_400), now: Date())
            #expect(notices == expected.count)
        }
    }
}
