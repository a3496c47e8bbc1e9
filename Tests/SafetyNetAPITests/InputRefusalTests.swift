import DemoDistrict
import Foundation
import HTTPTypes
import Hummingbird
import SafetyNetKernel
import Testing

/// Issue 11's findings 1, 2, 7 and 9, re-run: values a client gets wrong are refused with a
/// 422 naming the field, in plain words, with nothing written and the server still up.
@Suite("Inputs refused cleanly")
struct InputRefusalTests {
    /// Expects a 4xx JSON error with `code` and `field`, whose message does not quote the decoder.
    static func expectRefusal(
        _ reply: APITestDistrict.Reply, _ status: HTTPResponse.Status = .unprocessableContent, code: String, field: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status == status, "\(reply.status) \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(reply.json["code"] as? String == code, "\(reply.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(reply.json["field"] as? String == field, "\(reply.text.prefix(300))", sourceLocation: sourceLocation)
        let message = reply.json["message"] as? String ?? ""
        #expect(
            !message.isEmpty && !message.contains("Expected") && !message.contains("Cannot initialize") && !message.contains("\\/"),
            "\(message)", sourceLocation: sourceLocation)
    }

    @Test("a module or type filter that names no linked module is a 422, and the server stays up")
    func unknownFilters() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("auditor")
            for route in ["supervision/figures", "supervision/overdue", "supervision/publication", "projects"] {
                for value in ["Medical-Aid", "", "housing"] {
                    let reply = try await district.call(.get, "/api/v1/\(route)?module=\(value)", token: token)
                    Self.expectRefusal(reply, code: "unknown_module", field: "module")
                }
                let nul = try await district.call(.get, "/api/v1/\(route)?module=%00", token: token)
                Self.expectRefusal(nul, code: "invalid_characters", field: "module")
            }
            Self.expectRefusal(
                try await district.call(.get, "/api/v1/supervision/figures?type=civil-affairs.nothing", token: token),
                code: "unknown_assistance_type", field: "type")
            Self.expectRefusal(
                try await district.call(.get, "/api/v1/households?riskLevel=purple", token: token),
                code: "unknown_value", field: "riskLevel")
            Self.expectRefusal(try await district.call(.get, "/api/v1/households/not-an-id", token: token), .notFound, code: "not_found", field: nil)
            let known = try await district.call(.get, "/api/v1/supervision/figures?module=medical-aid", token: token)
            #expect(known.status == .ok, "\(known.text.prefix(300))")
        }
    }

    @Test("control characters are refused naming the field; what is accepted is stored exactly")
    func controlCharacters() async throws {
        try await APITestDistrict.with { district in
            let grid = try await district.token("grid")
            let household = try district.household(inGrid: AccessTests.ownGrid).id.uuidString
            func rows() async throws -> Int {
                try await district.pool.query(
                    """
                    SELECT (SELECT count(*) FROM household) + (SELECT count(*) FROM person) + (SELECT count(*) FROM visit)
                         + (SELECT count(*) FROM assistance_case) + (SELECT count(*) FROM referral) AS n
                    """)[0].decode("n")
            }
            let before = try await rows()
            var visit = AccessTests.visit(household)
            visit["findings"] = "老人\u{0}腿脚不便"
            Self.expectRefusal(
                try await district.call(.post, "/api/v1/visits", token: grid, body: visit), code: "invalid_characters", field: "findings")
            var address = AccessTests.newHousehold(order: 903)
            address["address"] = "通江路\u{0}3号"
            Self.expectRefusal(
                try await district.call(.post, "/api/v1/households", token: grid, body: address), code: "invalid_characters", field: "address")
            var name = AccessTests.newHousehold(order: 905)
            name["members"] = [
                ["name": "王\n五", "relation": "head", "idNumber": ((name["members"] as? [[String: Any]])?[0]["idNumber"] as? String) ?? ""]
            ]
            Self.expectRefusal(
                try await district.call(.post, "/api/v1/households", token: grid, body: name), code: "invalid_characters", field: "members[0].name")
            let filed: [String: Any] = ["householdID": household, "description": "生活\u{0}困难", "items": [["type": "civil-affairs.dibao"]]]
            Self.expectRefusal(
                try await district.call(.post, "/api/v1/cases", token: grid, body: filed), code: "invalid_characters", field: "description")
            let referral: [String: Any] = ["householdID": household, "need": "medical", "description": "自付\u{1B}[31m药费"]
            Self.expectRefusal(
                try await district.call(.post, "/api/v1/referrals", token: grid, body: referral), code: "invalid_characters", field: "description")
            let signIn = try await district.call(.post, "/api/v1/sessions", body: ["login": "grid\u{0}", "password": "x"])
            Self.expectRefusal(signIn, code: "invalid_characters", field: "login")
            #expect(try await rows() == before)

            visit["findings"] = "第一行\n\t第二行"
            let recorded = try await district.call(.post, "/api/v1/visits", token: grid, body: visit)
            #expect(recorded.status == .created, "\(recorded.text)")
            #expect(recorded.json["findings"] as? String == "第一行\n\t第二行")
        }
    }

    @Test("dates, words and ids a field does not take are named, with what it takes")
    func wrongValues() async throws {
        try await APITestDistrict.with { district in
            let grid = try await district.token("grid")
            let household = try district.household(inGrid: AccessTests.ownGrid).id.uuidString
            var visit = AccessTests.visit(household)
            visit["visitedAt"] = "yesterday"
            Self.expectRefusal(
                try await district.call(.post, "/api/v1/visits", token: grid, body: visit), code: "invalid_date_time", field: "visitedAt")
            visit = AccessTests.visit(household)
            visit["kind"] = "walk"
            let kind = try await district.call(.post, "/api/v1/visits", token: grid, body: visit)
            Self.expectRefusal(kind, code: "unknown_value", field: "kind")
            #expect((kind.json["message"] as? String)?.contains("home") == true)
            visit = AccessTests.visit(household)
            visit["needs"] = ["medical", "flying"]
            Self.expectRefusal(try await district.call(.post, "/api/v1/visits", token: grid, body: visit), code: "unknown_value", field: "needs[1]")
            visit = AccessTests.visit("not-a-uuid")
            Self.expectRefusal(
                try await district.call(.post, "/api/v1/visits", token: grid, body: visit), code: "invalid_value", field: "householdID")

            visit = AccessTests.visit(household)
            visit["visitedAt"] = ISO8601DateFormatter.string(
                from: Date().addingTimeInterval(-60), timeZone: TimeZone(secondsFromGMT: 8 * 3600)!,
                formatOptions: [.withInternetDateTime, .withFractionalSeconds])
            let zoned = try await district.call(.post, "/api/v1/visits", token: grid, body: visit)
            #expect(zoned.status == .created, "a time with +08:00 and fractions is accepted: \(zoned.text)")
        }
    }

    @Test("a method a route does not take is a 405 naming the ones it does; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("grid")
            let trace = try await district.call(.trace, "/api/v1/households", token: token)
            #expect(trace.headers[.allow] == "GET, POST", "\(trace.text)")
            Self.expectRefusal(trace, .methodNotAllowed, code: "method_not_allowed", field: nil)
            let delete = try await district.call(.delete, "/api/v1/households/\(UUID().uuidString)/members", token: token)
            Self.expectRefusal(delete, .methodNotAllowed, code: "method_not_allowed", field: nil)
            #expect(delete.headers[.allow] == "POST")
            let unknown = try await district.call(.trace, "/api/v1/nothing-here", token: token)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("a body over 1 MiB is a 413 wherever it is read: by a route that takes one, or to remember an Idempotency-Key")
    func oversizedBodies() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("civil")
            let huge = "{\"note\": \"" + String(repeating: "x", count: 2 << 20) + "\"}"
            let approve = "/api/v1/case-items/\(UUID().uuidString)/approve"
            let keyed: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "oversized-\(UUID().uuidString)"]
            for (path, headers) in [("/api/v1/visits", HTTPFields()), ("/api/v1/visits", keyed), (approve, keyed)] {
                let reply = try await district.call(.post, path, token: token, body: huge, headers: headers)
                Self.expectRefusal(reply, .contentTooLarge, code: "body_too_large", field: nil)
            }
            // A route without a body does not read one: the unknown item is what it answers.
            let unread = try await district.call(.post, approve, token: token, body: huge)
            #expect(unread.status == .notFound, "\(unread.text.prefix(200))")
        }
    }

    @Test("an ID number born in 1880 is valid; a + in a query is a space")
    func earlyBirthAndPlus() async throws {
        try await APITestDistrict.with { district in
            let grid = try await district.token("grid")
            var household = AccessTests.newHousehold(order: 907)
            household["address"] = "通江路 907号"
            household["members"] = [["name": "百岁老人", "relation": "head", "idNumber": "440524188001010014"]]
            let created = try await district.call(.post, "/api/v1/households", token: grid, body: household)
            #expect(created.status == .created, "\(created.text)")
            let found = try await district.call(.get, "/api/v1/households?address=%E9%80%9A%E6%B1%9F%E8%B7%AF+907", token: grid)
            let ids = (found.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [created.json["id"] as? String].compactMap { $0 }, "\(found.text.prefix(300))")
        }
    }
}

@Suite("Sign-in throttling")
struct SignInThrottleTests {
    @Test("five wrong passwords lock the login for fifteen minutes with 429 and Retry-After, audited once")
    func locksAfterFailures() async throws {
        let clock = ManualClock(Date())
        try await APITestDistrict.with(clock: clock) { district in
            func signIn(_ login: String, _ password: String) async throws -> APITestDistrict.Reply {
                try await district.call(.post, "/api/v1/sessions", body: ["login": login, "password": password])
            }
            for _ in 0..<5 { #expect(try await signIn("grid", "wrong").status == .unauthorized) }
            let refused = try await signIn("grid", "wrong")
            InputRefusalTests.expectRefusal(refused, .tooManyRequests, code: "too_many_attempts", field: nil)
            #expect(Int(refused.headers[.retryAfter] ?? "") == 900, "\(refused.headers)")
            #expect(try await signIn("GRID", DemoAccounts.password).status == .tooManyRequests, "even the right password waits")
            #expect(try await signIn("village", DemoAccounts.password).status == .created, "other logins from the address still sign in")
            let audited: Int = try await district.pool.query(
                "SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.throttled'")[0].decode("n")
            #expect(audited == 1)

            clock.advance(15 * 60)
            #expect(try await signIn("grid", DemoAccounts.password).status == .created)
        }
    }
}
