import DemoDistrict
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOSSL
import SafetyNetStorage
import Synchronization
import Testing

@Suite("Push over WebSocket")
struct EventPushTests {
    /// Opens the events WebSocket with `token` (and `query`), handing each text frame to `handle`
    /// until it answers true or the connection ends.
    static func connect(
        port: Int, token: String, query: String = "", _ handle: @escaping @Sendable (String) async throws -> Bool
    ) -> Task<Void, any Error> {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        return Task {
            _ = try await WebSocketClient.connect(
                url: "wss://localhost:\(port)/api/v1/events\(query)",
                configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]),
                tlsConfiguration: tls, logger: Logger(label: "ws-test")
            ) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message else { continue }
                    if try await handle(text) {
                        try await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                }
            }
        }
    }

    /// Connects to the events WebSocket with `token`, runs `act` once the server confirms the
    /// subscription, and returns the first `count` event frames after the confirmation.
    static func receive(_ count: Int, port: Int, token: String, whileConnected act: @escaping @Sendable () async throws -> Void) async throws
        -> [String]
    {
        let received = Mutex<[String]>([])
        let connected = AsyncStream<Void>.makeStream()
        let session = connect(port: port, token: token) { text in
            if text.contains(#""type":"subscribed""#) {
                connected.continuation.finish()
                return false
            }
            return received.withLock {
                $0.append(text)
                return $0.count >= count
            }
        }
        Task {
            _ = await session.result
            connected.continuation.finish()
        }  // also when the connection fails
        for await _ in connected.stream {}
        try await act()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await session.value }
            group.addTask {
                try await Task.sleep(for: .seconds(15))
                throw TestFailure("no event within 15 s")
            }
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
                #expect(
                    try await district.call(.post, "/api/v1/visits", token: civil, body: AccessTests.visit(outside.id.uuidString)).status == .created)
                #expect(
                    try await district.call(.post, "/api/v1/visits", token: civil, body: AccessTests.visit(inScope.id.uuidString)).status == .created)
                try await district.pool.query(
                    """
                    INSERT INTO monitoring (id, household_id, categories, risk_level, reason)
                    SELECT gen_random_uuid(), \(inScope.id), '{dibao}', 'red', 'push test'
                    WHERE NOT EXISTS (SELECT 1 FROM monitoring WHERE household_id = \(inScope.id) AND ended_at IS NULL)
                    """)
                try await district.pool.query("UPDATE monitoring SET risk_level = 'red' WHERE household_id = \(inScope.id) AND ended_at IS NULL")
            }
            let parsed = events.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(parsed.count == 2)
            #expect(parsed.first?["type"] as? String == "visit.recorded")
            // Ids and times exactly as REST writes them: upper-case UUIDs, times to the second with Z.
            #expect(parsed.allSatisfy { $0["householdID"] as? String == inScope.id.uuidString })
            #expect(parsed.allSatisfy { ($0["at"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil }, "\(events)")
            let numbers = parsed.compactMap { $0["seq"] as? Int }
            #expect(numbers.count == 2 && numbers[1] > numbers[0])
            #expect(parsed.last.map { ["monitoring.started", "risk.changed"].contains($0["type"] as? String) } == true)
            #expect(!events.joined().lowercased().contains(outside.id.uuidString.lowercased()))
        }
    }

    @Test("a batch's alerts reach the grid's subscriber once each, numbered one after another, each naming its alert")
    func batchAlerts() async throws {
        try await APITestDistrict.with { district in
            var households: [(id: String, idNumbers: [String])] = []
            for order in 41...43 { households.append(try await AlertAPITests.household(district, order: order, born: [1960])) }
            let rows = [AlertAPITests.settlementHeader] + households.map { AlertAPITests.settlement($0.idNumbers[0], yuan: 60000) }
            let events = try await Self.receive(3, port: district.port, token: try await district.token("grid")) {
                _ = try await AlertAPITests.upload(district, feed: "medical-aid.settlements", batch: "pushed", csv: rows, as: "medical")
            }
            let parsed = events.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(parsed.map { $0["type"] as? String } == ["alert.raised", "alert.raised", "alert.raised"], "\(events)")
            let numbers = parsed.compactMap { $0["seq"] as? Int }
            #expect(numbers.count == 3 && numbers == Array((numbers.first ?? 0)...(numbers.first ?? 0) + 2))
            let alerts = try await AlertAPITests.alerts(district, "rule=medical-aid.annual-self-paid", as: "grid")
            #expect(Set(parsed.compactMap { $0["alertID"] as? String }) == Set(alerts.compactMap { $0["id"] as? String }))
            #expect(Set(parsed.compactMap { $0["householdID"] as? String }) == Set(households.map { $0.id.uppercased() }))
            // Published by the statement, not again by the row trigger at commit.
            let kept = try await district.pool.query("SELECT count(*) AS n FROM event_log WHERE payload->>'type' = 'alert.raised'")
            #expect(try kept[0].decode("n", as: Int.self) == 3)
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
                    tlsConfiguration: tls, logger: Logger(label: "ws-test")
                ) { _, _, _ in }
            }
            // The refused upgrade is answered like any REST route: 401 with the JSON error.
            for authorization in ["", "Authorization: Bearer snt_forged\r\n"] {
                let request =
                    "GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\(authorization)\r\n"
                let reply = try await MalformedRequestTests.exchange(Array(request.utf8), port: district.port)
                #expect(reply.hasPrefix("HTTP/1.1 401"), "\(reply.prefix(300))")
                #expect(reply.contains(#""code":"unauthenticated""#), "\(reply.prefix(300))")
            }
        }
    }

    @Test("the console's pages open the channel with the session cookie, and only from the console's own origin")
    func sessionCookie() async throws {
        try await APITestDistrict.with { district in
            let cookie = "__Host-safetynet_session=\(try await district.token("grid"))"
            func upgrade(origin: String, cookie: String = cookie, until marker: String? = nil) async throws -> String {
                let request =
                    "GET /api/v1/events HTTP/1.1\r\nHost: localhost:\(district.port)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: \(cookie)\r\n\(origin)\r\n"
                return try await MalformedRequestTests.exchange(Array(request.utf8), port: district.port, until: marker)
            }
            let own = try await upgrade(origin: "Origin: https://localhost:\(district.port)\r\n", until: #""type":"subscribed""#)
            #expect(own.hasPrefix("HTTP/1.1 101"), "the console's own page is subscribed: \(own.prefix(300))")
            let twice = "Origin: https://localhost:\(district.port)\r\nOrigin: https://evil.example\r\n"
            for origin in ["Origin: https://evil.example\r\n", "Origin: http://localhost:\(district.port)\r\n", twice, ""] {
                let reply = try await upgrade(origin: origin)
                #expect(reply.hasPrefix("HTTP/1.1 403") && reply.contains(#""code":"foreign_origin""#), "\(origin): \(reply.prefix(300))")
            }
            let lookalike = try await upgrade(origin: "Origin: https://localhost:\(district.port)\r\n", cookie: "x\(cookie)")
            #expect(lookalike.hasPrefix("HTTP/1.1 401"), "only the session cookie itself signs in: \(lookalike.prefix(300))")
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

@Suite("Push events survive lost connections")
struct EventReplayTests {
    /// The frames a subscriber connecting with `query` receives within `wait`, subscription frame first.
    static func frames(port: Int, token: String, query: String, wait: Duration, whileConnected act: @escaping @Sendable () async throws -> Void = {})
        async throws -> [[String: Any]]
    {
        let received = Mutex<[String]>([])
        let session = EventPushTests.connect(port: port, token: token, query: query) { text in
            received.withLock { $0.append(text) }
            return false
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while received.withLock({ $0.isEmpty }) {
            guard ContinuousClock.now < deadline else {
                session.cancel()
                throw TestFailure("no subscription frame within 10 s: \(String(describing: await session.result))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await act()
        try await Task.sleep(for: wait)
        session.cancel()
        return received.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test("a subscriber stays connected past the first-request deadline, sending nothing")
    func quietSubscriber() async throws {
        try await APITestDistrict.with(limits: .init(firstRequest: .seconds(2))) { district in
            // The test client's own connection must make its first request within the deadline too.
            #expect(try await district.call(.get, "/health").status == .ok)
            let (grid, civil) = (try await district.token("grid"), try await district.token("civil"))
            let household = try district.household(inGrid: AccessTests.ownGrid).id.uuidString
            let frames = try await Self.frames(port: district.port, token: grid, query: "", wait: .seconds(1)) {
                try await Task.sleep(for: .seconds(3.5))
                #expect(try await district.call(.post, "/api/v1/visits", token: civil, body: AccessTests.visit(household)).status == .created)
            }
            #expect(frames.contains { $0["type"] as? String == "visit.recorded" }, "\(frames)")
        }
    }

    @Test("a client reconnecting with the last number it saw gets what it missed, in order; asking for more than is kept, it is told")
    func replay() async throws {
        try await APITestDistrict.with { district in
            let (grid, civil) = (try await district.token("grid"), try await district.token("civil"))
            let household = try district.household(inGrid: AccessTests.ownGrid).id.uuidString
            let head: Int = try await district.pool.query("SELECT seq FROM event_head")[0].decode("seq")
            for _ in 0..<3 {
                #expect(try await district.call(.post, "/api/v1/visits", token: civil, body: AccessTests.visit(household)).status == .created)
            }
            let frames = try await Self.frames(port: district.port, token: grid, query: "?after=\(head)", wait: .milliseconds(500))
            let replayed = frames.dropFirst().filter { $0["type"] as? String == "visit.recorded" }
            #expect(replayed.count == 3, "\(frames)")
            #expect(replayed.compactMap { $0["seq"] as? Int } == Array(head + 1...head + 3))

            // Events older than a week are pruned; a client asking from before them is told.
            try await district.pool.query("UPDATE event_log SET at = at - interval '8 days' WHERE seq <= \(head + 1)")
            #expect(try await EventLog(pool: district.pool).prune(now: Date()) >= 1)
            let late = try await Self.frames(port: district.port, token: grid, query: "?after=0", wait: .milliseconds(500))
            let notice = late.first { $0["type"] as? String == "events.missed" }
            #expect(notice?["oldestKept"] as? Int == head + 2, "\(late)")
            #expect(late.filter { $0["type"] as? String == "visit.recorded" }.count == 2)
        }
    }

    @Test("events whose announcement was lost (listener cut off, as by a PostgreSQL restart) still reach subscribers, in order")
    func listenerLoss() async throws {
        try await APITestDistrict.with { district in
            let (grid, civil) = (try await district.token("grid"), try await district.token("civil"))
            let household = try district.household(inGrid: AccessTests.ownGrid)
            /// Commits an event the way the trigger does, but announces nothing: as if the listener missed it.
            @Sendable func unannounced() async throws {
                try await district.pool.query(
                    """
                    WITH next AS (UPDATE event_head SET seq = seq + 1 RETURNING seq)
                    INSERT INTO event_log (seq, payload)
                    SELECT seq,
                           jsonb_build_object('type', 'visit.recorded', 'householdID', \(household.id)::uuid, 'gridCode', \(household.grid.value)::text, 'at', now(), 'seq', seq)
                    FROM next
                    """)
            }
            let frames = try await Self.frames(port: district.port, token: grid, query: "", wait: .seconds(4)) {
                try await district.pool.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'
                    """)
                try await unannounced()  // read back when the next announcement skips its number
                #expect(
                    try await district.call(.post, "/api/v1/visits", token: civil, body: AccessTests.visit(household.id.uuidString)).status
                        == .created)
                try await unannounced()  // nothing follows: read back by the periodic catch-up
            }
            let numbers = frames.filter { $0["type"] as? String == "visit.recorded" }.compactMap { $0["seq"] as? Int }
            #expect(numbers.count == 3, "\(frames)")
            #expect(numbers == numbers.sorted() && Set(numbers).count == 3)
        }
    }
}
