import Foundation
import HTTPTypes
import PersonalData
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Supervision figures through the API")
struct SupervisionAPITests {
    static func figures(_ reply: APITestDistrict.Reply, _ type: String) -> [String: Any]? {
        (reply.json["types"] as? [[String: Any]])?.first { $0["type"] as? String == type }
    }

    @Test("applications, decisions, payments, handling time against the limit, overdue limits and escalations")
    func figures() async throws {
        let clock = ManualClock(CaseAPITests.instant("2025-03-03T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let households = district.district.households.filter { $0.grid == AccessTests.ownGrid }.prefix(3)
            let (grid, town, medical) = (try await district.token("grid"), try await district.token("town"), try await district.token("medical"))
            var items: [[String: Any]] = []
            for (household, type) in zip(households, ["civil-affairs.temporary-relief", "civil-affairs.temporary-relief", "civil-affairs.dibao"]) {
                let filed = try await district.call(
                    .post, "/api/v1/cases", token: town,
                    body: [
                        "householdID": household.id.uuidString, "description": "生活困难", "items": [["type": type]], "claim": ["costFen": 100_000],
                    ])
                let item = try CaseAPITests.item(filed, type)
                #expect(try await district.call(.post, CaseAPITests.itemPath(item, "accept"), token: town).status == .ok)
                items.append(item)
            }
            _ = try await district.call(
                .post, "/api/v1/referrals", token: grid,
                body: [
                    "householdID": households.first!.id.uuidString, "need": "livelihood", "description": "无固定收入",
                ])

            clock.advance(86_400)
            let rejected = try await district.call(
                .post, CaseAPITests.itemPath(items[1], "reject"), token: town,
                body: [
                    "reason": "家庭收入高于标准", "basis": "《社会救助暂行办法》第四十七条", "notice": "书面告知",
                ])
            #expect(rejected.status == .ok, "\(rejected.text)")
            clock.advance(86_400)
            let first = households.first!
            _ = try await district.call(.post, CaseAPITests.itemPath(items[0], "investigate"), token: town)
            _ = try await district.call(
                .post, CaseAPITests.itemPath(items[0], "findings"), token: town,
                body: [
                    "facts": ["members": first.members.map { ["personID": $0.id.uuidString, "monthlyIncomeFen": 0] }]
                ])
            #expect(try await district.call(.post, CaseAPITests.itemPath(items[0], "approve"), token: town).status == .ok)
            let paid = try await district.call(
                .post, CaseAPITests.itemPath(items[0], "payments"), token: town,
                body: [
                    "amountFen": 100_000, "period": "2025-03-05", "payeePersonID": first.members[0].id.uuidString,
                ])
            #expect(paid.status == .created, "\(paid.text)")

            clock.set(CaseAPITests.instant("2025-04-30T10:00:00+08:00"))
            #expect(try await district.sweep(clock: clock).run().escalated == 1)
            let reply = try await district.call(.get, "/api/v1/supervision/figures?from=2025-01-01&to=2025-12-31", token: town)
            let relief = try #require(Self.figures(reply, "civil-affairs.temporary-relief"), "\(reply.text)")
            #expect(relief["applications"] as? Int == 2 && relief["approvals"] as? Int == 1 && relief["rejections"] as? Int == 1)
            #expect(relief["paidFen"] as? Int == 100_000 && relief["closureRate"] as? Double == 1)
            #expect(relief["averageHandlingDays"] as? Double == 1.5)
            #expect(abs((relief["p90HandlingDays"] as? Double ?? 0) - 1.9) < 1e-9)
            #expect((relief["p90ShareOfLimit"] as? Double ?? 1) < 0.2 && relief["overdue"] as? Int == 0)
            #expect(relief["decisionLimit"] as? String == TimeLimit.workingDays(20).description)
            let dibao = try #require(Self.figures(reply, "civil-affairs.dibao"))
            #expect(dibao["applications"] as? Int == 1 && dibao["overdue"] as? Int == 2 && dibao["closureRate"] as? Double == 0)
            let referrals = try #require((reply.json["referrals"] as? [[String: Any]])?.first)
            #expect(referrals["sent"] as? Int == 1 && referrals["escalations"] as? Int == 1 && referrals["overdue"] as? Int == 0)

            // The overdue list reads open limits passed: the dibao's investigation and decision.
            let overdue = try await district.call(.get, "/api/v1/supervision/overdue", token: town)
            #expect((overdue.json["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["investigation", "decision"])
            // An earlier period holds nothing; a department sees only its own; another town's region is out of scope.
            let before = try await district.call(.get, "/api/v1/supervision/figures?from=2024-01-01&to=2024-12-31", token: town)
            #expect((before.json["types"] as? [Any])?.isEmpty == true)
            #expect(
                (try await district.call(.get, "/api/v1/supervision/figures?from=2025-01-01", token: medical).json["types"] as? [Any])?.isEmpty
                    == true)
            let foreign = try await district.call(.get, "/api/v1/supervision/figures?module=civil-affairs", token: medical)
            #expect(foreign.status == .forbidden && foreign.json["code"] as? String == "other_department")
            let backwards = try await district.call(.get, "/api/v1/supervision/figures?from=2025-05-01&to=2025-04-01", token: town)
            #expect(backwards.status == .unprocessableContent && backwards.json["field"] as? String == "from")

            // 公示: the approval of March, name and ID number masked; the rejection is not published.
            let published = try await district.call(.get, "/api/v1/supervision/publication?from=2025-03-01&to=2025-03-31", token: town)
            let entries = try #require(published.json["entries"] as? [[String: Any]], "\(published.text)")
            #expect(entries.count == 1)
            let head = first.members.first { $0.relation == .head }!
            #expect(entries.first?["name"] as? String == Masking.name(head.name) && entries.first?["amountFen"] as? Int == 100_000)
            #expect(entries.first?["idNumber"] as? String == Masking.idNumber(head.idNumber.value))
            #expect(entries.first?["approvedOn"] as? String == "2025-03-05" && entries.first?["householdSize"] as? Int == first.members.count)
            let notice = try await district.call(.get, "/api/v1/supervision/publication?from=2025-03-01&to=2025-03-31&format=html", token: town)
            #expect(notice.text.contains("社会救助对象公示") && notice.text.contains(Masking.name(head.name)) && notice.text.contains("1000.00"))
            #expect(!notice.text.contains(head.name) && !notice.text.contains(head.idNumber.value))
            let inverted = try await district.call(.get, "/api/v1/supervision/publication?from=2025-04-01&to=2025-03-01", token: town)
            #expect(inverted.status == .unprocessableContent && inverted.json["field"] as? String == "from")
            let auditor = try await district.token("auditor")
            #expect(try await district.call(.get, "/api/v1/supervision/figures", token: auditor).status == .ok)
            #expect(
                try await district.call(
                    .post, "/api/v1/referrals", token: auditor,
                    body: [
                        "householdID": first.id.uuidString, "need": "other", "description": "x",
                    ]
                ).status == .forbidden)
        }
    }
}
