import DemoDistrict
import Foundation
import Hummingbird
import HummingbirdTesting
import PersonalData
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Registry and visits through the API")
struct RegistryAPITests {
    @Test("a grid worker lists their grid, records a visit, and sees the due list change")
    func visitChangesDueList() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("grid")
            let page = try await district.call(.get, "/api/v1/households?limit=200", token: token)
            #expect(page.status == .ok)
            let items = page.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 10)  // 400 households over 40 grids
            #expect(items.allSatisfy { ($0["gridCode"] as? String) == AccessTests.ownGrid.value })

            // Put one more household of the grid on the ledger, a month ago and never visited since.
            let unmonitored = try #require(district.district.households.first { $0.grid == AccessTests.ownGrid && $0.monitoring == nil })
            try await district.pool.query(
                """
                INSERT INTO monitoring (id, household_id, categories, risk_level, reason, started_at)
                VALUES (gen_random_uuid(), \(unmonitored.id), '{dibao}', 'yellow', '测试', now() - interval '30 days')
                """)
            let due = try await district.call(.get, "/api/v1/visits/due?withinDays=31", token: token)
            let dueItems = due.json["items"] as? [[String: Any]] ?? []
            let monitored = district.district.households.filter { $0.grid == AccessTests.ownGrid && $0.monitoring != nil }
            #expect(dueItems.count == monitored.count + 1)
            // The district's list (read from the open records) holds the grid's (read from its households) exactly.
            let districtDue = try await district.call(.get, "/api/v1/visits/due?withinDays=31", token: try await district.token("civil"))
            let districtIDs = (districtDue.json["items"] as? [[String: Any]] ?? [])
                .filter { $0["gridCode"] as? String == AccessTests.ownGrid.value }.compactMap { $0["householdID"] as? String }
            #expect(districtIDs == dueItems.compactMap { $0["householdID"] as? String })
            #expect((due.json["overdue"] as? Int ?? 0) >= 1)
            guard let first = dueItems.first, let id = first["householdID"] as? String else {
                Issue.record("no monitored household due in the grid: \(due.text)")
                return
            }
            let recorded = try await district.call(.post, "/api/v1/visits", token: token, body: AccessTests.visit(id))
            #expect(recorded.status == .created)
            let after = try await district.call(.get, "/api/v1/visits/due?withinDays=0", token: token)
            let stillDue = (after.json["items"] as? [[String: Any]] ?? []).compactMap { $0["householdID"] as? String }
            #expect(!stillDue.contains(id))
        }
    }

    @Test("a household is found by a member's full ID number, and responses show it masked only")
    func searchByIDNumber() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("civil")
            let household = district.district.households[123]
            let number = household.members[0].idNumber.value
            let found = try await district.call(.get, "/api/v1/households?idNumber=\(number)", token: token)
            #expect(found.status == .ok)
            let items = found.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["id"] as? String } == [household.id.uuidString])
            #expect(!found.text.contains(number))
            #expect(found.text.contains(Masking.idNumber(number)))
        }
    }

    @Test("bad input gets a clear 4xx with code and field, and writes nothing")
    func badInput() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("grid")
            func count() async throws -> Int {
                try await district.pool.query("SELECT (SELECT count(*) FROM household) + (SELECT count(*) FROM audit_log) AS n")[0].decode("n")
            }
            let before = try await count()
            var valid = AccessTests.newHousehold(order: 901)
            var member = (valid["members"] as! [[String: Any]])[0]

            let cases: [(String, Any, HTTPResponse.Status, String, String?)] = {
                var unknownField = valid
                unknownField["colour"] = "red"
                var wrongType = valid
                wrongType["address"] = 42
                var missing = valid
                missing.removeValue(forKey: "address")
                var badID = valid
                member["idNumber"] = "220202197001010000"
                badID["members"] = [member]
                var notGrid = valid
                notGrid["gridCode"] = "220202001001"
                var noHead = valid
                member["relation"] = "child"
                member["idNumber"] = (valid["members"] as! [[String: Any]])[0]["idNumber"]!
                noHead["members"] = [member]
                var unknownNested = valid
                unknownNested["members"] = [["name": "x", "relation": "head", "idNumber": "1", "hobby": "chess"]]
                return [
                    ("malformed", "{\"gridCode\": ", .badRequest, "malformed_json", nil),
                    ("unknown field", unknownField, .unprocessableContent, "unknown_field", "colour"),
                    ("wrong type", wrongType, .unprocessableContent, "wrong_type", "address"),
                    ("missing field", missing, .unprocessableContent, "missing_field", "address"),
                    ("bad ID number", badID, .unprocessableContent, "invalid_id_number", "members[0].idNumber"),
                    ("not a grid", notGrid, .unprocessableContent, "not_a_grid", "gridCode"),
                    ("no head", noHead, .unprocessableContent, "one_head", "members"),
                    ("unknown nested field", unknownNested, .unprocessableContent, "unknown_field", "members[0].hobby"),
                    ("oversized", "{\"address\": \"" + String(repeating: "x", count: 2 << 20) + "\"}", .contentTooLarge, "body_too_large", nil),
                ]
            }()
            for (name, body, status, code, field) in cases {
                let reply = try await district.call(.post, "/api/v1/households", token: token, body: body)
                #expect(reply.status == status, "\(name): \(reply.status) \(reply.text.prefix(200))")
                #expect(reply.json["code"] as? String == code, "\(name): \(reply.text.prefix(200))")
                #expect(reply.json["field"] as? String == field, "\(name): \(reply.text.prefix(200))")
                #expect((reply.json["message"] as? String)?.isEmpty == false)
            }
            #expect(try await count() == before)

            valid["address"] = "  兴华街1号  "
            let created = try await district.call(.post, "/api/v1/households", token: token, body: valid)
            #expect(created.status == .created)
            #expect(created.json["address"] as? String == "  兴华街1号  ", "accepted text is stored exactly as sent")
            let duplicate = try await district.call(.post, "/api/v1/households", token: token, body: valid)
            #expect(duplicate.status == .conflict && duplicate.json["code"] as? String == "person_exists")
            #expect(try await count() == before + 2)  // one household, one audit entry
        }
    }
}
