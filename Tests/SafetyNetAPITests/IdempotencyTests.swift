import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Idempotency-Key")
struct IdempotencyTests {
    @Test("a retried POST with the same key creates one record and returns the first answer")
    func retryCreatesOnce() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("grid")
            let body = AccessTests.newHousehold(order: 777)
            let key: HTTPFields = [.init("Idempotency-Key")!: "retry-777"]
            let first = try await district.call(.post, "/api/v1/households", token: token, body: body, headers: key)
            let second = try await district.call(.post, "/api/v1/households", token: token, body: body, headers: key)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.text == first.text)
            let rows = try await district.pool.query("SELECT count(*) AS n FROM household WHERE address = \(body["address"] as! String)")
            #expect(try rows[0].decode("n", as: Int.self) == 1)

            // Concurrent retries: the second waits for the first and replays its answer; one record.
            let visit = String(decoding: try JSONSerialization.data(withJSONObject: AccessTests.visit(first.json["id"] as! String)), as: UTF8.self)
            let visitKey: HTTPFields = [.init("Idempotency-Key")!: "visit-1"]
            async let a = district.call(.post, "/api/v1/visits", token: token, body: visit, headers: visitKey)
            async let b = district.call(.post, "/api/v1/visits", token: token, body: visit, headers: visitKey)
            let (replyA, replyB) = try await (a, b)
            #expect(replyA.status == .created && replyB.status == .created, "\(replyA.text) \(replyB.text)")
            #expect(replyA.text == replyB.text)
            let visits = try await district.pool.query(
                "SELECT count(*) AS n FROM visit WHERE household_id = \(UUID(uuidString: first.json["id"] as! String)!)")
            #expect(try visits[0].decode("n", as: Int.self) == 1)
        }
    }

    @Test("the same key with another body is refused; a refused request replays its refusal")
    func keyReuse() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("grid")
            let key: HTTPFields = [.init("Idempotency-Key")!: "k"]
            var body = AccessTests.newHousehold(order: 778)
            body["address"] = ""
            let refused = try await district.call(.post, "/api/v1/households", token: token, body: body, headers: key)
            #expect(refused.status == .unprocessableContent)
            let again = try await district.call(.post, "/api/v1/households", token: token, body: body, headers: key)
            #expect(again.status == .unprocessableContent && again.text == refused.text)
            let other = try await district.call(.post, "/api/v1/households", token: token, body: AccessTests.newHousehold(order: 779), headers: key)
            #expect(other.status == .unprocessableContent)
            #expect(other.json["code"] as? String == "idempotency_key_reused")
            // Another user may use the same key for their own request.
            let village = try await district.token("village")
            let theirs = try await district.call(
                .post, "/api/v1/households", token: village, body: AccessTests.newHousehold(order: 779), headers: key)
            #expect(theirs.status == .created)
        }
    }
}
