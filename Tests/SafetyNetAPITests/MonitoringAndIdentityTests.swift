import Foundation
import Hummingbird
import HummingbirdTesting
import SafetyNetKernel
import Testing

@Suite("Monitoring ledger and full personal data")
struct MonitoringAndIdentityTests {
    @Test("put on the ledger, change the risk with a reason, take off; grid workers may not")
    func ledger() async throws {
        try await APITestDistrict.with { district in
            let household = try #require(district.district.households.first { $0.grid == AccessTests.ownGrid && $0.monitoring == nil })
            let path = "/api/v1/households/\(household.id.uuidString)/monitoring"
            let start: [String: Any] = ["categories": ["dibao", "disabled", "dibao"], "riskLevel": "yellow", "reason": "家庭成员重病"]

            let grid = try await district.token("grid")
            #expect(try await district.call(.post, path, token: grid, body: start).status == .forbidden)

            let village = try await district.token("village")
            let started = try await district.call(.post, path, token: village, body: start)
            #expect(started.status == .created)
            #expect(started.json["categories"] as? [String] == ["dibao", "disabled"])
            #expect(try await district.call(.post, path, token: village, body: start).json["code"] as? String == "already_monitored")

            let noReason = try await district.call(.post, path + "/risk", token: village, body: ["riskLevel": "red", "reason": " "])
            #expect(noReason.status == .unprocessableContent && noReason.json["field"] as? String == "reason")
            let raised = try await district.call(.post, path + "/risk", token: village, body: ["riskLevel": "red", "reason": "突发重病住院"])
            #expect(raised.status == .ok && raised.json["riskLevel"] as? String == "red")
            let history = try await district.pool.query(
                """
                SELECT from_level, to_level, c.reason, u.login FROM monitoring_risk_change c JOIN app_user u ON u.id = c.changed_by
                JOIN monitoring m ON m.id = c.monitoring_id WHERE m.household_id = \(household.id) ORDER BY changed_at
                """)
            #expect(
                try history.map {
                    "\(try $0.decode("from_level", as: String?.self) ?? "-")→\(try $0.decode("to_level", as: String.self)) \(try $0.decode("login", as: String.self))"
                }
                    == ["-→yellow village", "yellow→red village"])
            #expect(try history[1].decode("reason", as: String.self) == "突发重病住院")

            let viewed = try await district.call(.get, "/api/v1/households/\(household.id.uuidString)", token: grid)
            #expect((viewed.json["monitoring"] as? [String: Any])?["riskLevel"] as? String == "red")

            #expect(try await district.call(.post, path + "/end", token: village, body: ["reason": "收入恢复，退出监测"]).status == .noContent)
            #expect(
                try await district.call(.post, path + "/risk", token: village, body: ["riskLevel": "blue", "reason": "x"]).json["code"] as? String
                    == "not_monitored")
            let after = try await district.call(.get, "/api/v1/households/\(household.id.uuidString)", token: grid)
            #expect(after.json["monitoring"] == nil)
        }
    }

    @Test("full ID numbers only for allowed roles in scope, and every such read is audited")
    func identity() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let person = household.members[0]
            let listed = try await district.call(.get, "/api/v1/households/\(household.id.uuidString)", token: try await district.token("town"))
            let personID = try #require((listed.json["members"] as? [[String: Any]])?.first?["id"] as? String)
            let path = "/api/v1/persons/\(personID)/identity"
            func audits() async throws -> Int {
                try await district.pool.query("SELECT count(*) AS n FROM audit_log WHERE action = 'person.reveal_identity'")[0].decode("n")
            }
            #expect(try await district.call(.get, path, token: try await district.token("grid")).status == .forbidden)
            #expect(try await district.call(.get, path, token: try await district.token("auditor")).status == .forbidden)
            #expect(try await audits() == 0)

            let town = try await district.call(.get, path, token: try await district.token("town"))
            #expect(town.status == .ok)
            #expect(town.json["idNumber"] as? String == person.idNumber.value)
            #expect(town.json["phone"] as? String == person.phone)
            #expect(try await audits() == 1)
            let entry = try await district.pool.query("SELECT actor_login, entity_id FROM audit_log WHERE action = 'person.reveal_identity'")
            #expect(try entry[0].decode("actor_login", as: String.self) == "town")
            #expect(try entry[0].decode("entity_id", as: String.self) == personID)
        }
    }
}
