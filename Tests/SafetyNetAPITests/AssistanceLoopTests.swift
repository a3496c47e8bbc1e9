import Foundation
import HTTPTypes
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("The closed loop through the API")
struct AssistanceLoopTests {
    @Test("visit → referral to medical aid → case with two types → approved and paid, rejected with basis → follow-up due → the chain in order")
    func fullLoop() async throws {
        try await APITestDistrict.with { district in
            let household = try #require(district.district.households.first { $0.grid == AccessTests.ownGrid && $0.members.count >= 2 })
            let head = household.members[0].id.uuidString
            let (grid, town, medical) = (try await district.token("grid"), try await district.token("town"), try await district.token("medical"))
            let visit = try await district.call(
                .post, "/api/v1/visits", token: grid,
                body: [
                    "householdID": household.id.uuidString, "kind": "home", "visitedAt": ISO8601DateFormatter().string(from: Date()),
                    "findings": "户主住院 <急需>", "needs": ["medical"],
                ])
            let referral = try await district.call(
                .post, "/api/v1/referrals", token: grid,
                body: [
                    "householdID": household.id.uuidString, "visitID": visit.json["id"] as! String, "need": "medical", "module": "medical-aid",
                    "personID": head, "description": "住院自付高",
                ])
            let referralPath = "/api/v1/referrals/\(referral.json["id"] as! String)"
            #expect(try await district.call(.post, "\(referralPath)/accept", token: medical).json["state"] as? String == "accepted")

            let filed = try await district.call(
                .post, "/api/v1/cases", token: grid,
                body: [
                    "householdID": household.id.uuidString, "description": "住院，收入中断", "onBehalf": true, "applicantPersonID": head,
                    "referralID": referral.json["id"] as! String,
                    "items": [["type": "civil-affairs.temporary-relief"], ["type": "medical-aid.serious-illness", "personID": head]],
                    "claim": ["costFen": 200_000, "selfPaidMedicalFen": 1_500_000],
                ])
            let relief = try CaseAPITests.item(filed, "civil-affairs.temporary-relief")
            let illness = try CaseAPITests.item(filed, "medical-aid.serious-illness")
            for item in [relief, illness] {
                for step in ["accept", "investigate"] { _ = try await district.call(.post, CaseAPITests.itemPath(item, step), token: town) }
            }
            let zeroIncome = household.members.map { ["personID": $0.id.uuidString, "monthlyIncomeFen": 0] }
            _ = try await district.call(.post, CaseAPITests.itemPath(relief, "findings"), token: town, body: ["facts": ["members": zeroIncome]])
            _ = try await district.call(.post, CaseAPITests.itemPath(illness, "findings"), token: town, body: ["note": "费用属实"])
            #expect(try await district.call(.post, CaseAPITests.itemPath(relief, "approve"), token: town).status == .ok)
            let paid = try await district.call(
                .post, CaseAPITests.itemPath(relief, "payments"), token: town,
                body: [
                    "amountFen": 200_000, "period": WorkingCalendar.day(of: Date()).description, "payeePersonID": head,
                ])
            #expect(paid.status == .created, "\(paid.text)")
            let rejected = try await district.call(
                .post, CaseAPITests.itemPath(illness, "reject"), token: medical,
                body: [
                    "reason": "自付1.5万元未达起付标准", "basis": "国办发〔2021〕42号", "notice": "书面告知",
                ])
            #expect(try CaseAPITests.item(rejected, "medical-aid.serious-illness")["state"] as? String == "rejected")
            #expect(try await district.call(.post, CaseAPITests.itemPath(relief, "follow-up"), token: town).status == .ok)
            #expect(try await district.call(.post, "\(referralPath)/resolve", token: medical, body: ["answer": "大病救助未达标准，已转临时救助"]).status == .ok)

            // Follow-up puts the household on the grid worker's visit list on its own interval.
            let due = try await district.call(.get, "/api/v1/visits/due?withinDays=15", token: grid)
            let entry = try #require(
                (due.json["items"] as? [[String: Any]])?.first { $0["householdID"] as? String == household.id.uuidString }, "\(due.text)")
            #expect((entry["reasons"] as? [String])?.contains("follow_up") == true)

            let chain = try await district.call(.get, "/api/v1/households/\(household.id.uuidString)/chain", token: town)
            let entries = try #require(chain.json["entries"] as? [[String: Any]], "\(chain.text)")
            let kinds = entries.compactMap { $0["kind"] as? String }
            let expected = [
                "visit.home", "referral.sent", "referral.accept", "case.applied", "referral.case_filed", "case.accept", "case.submit_findings",
                "case.approve", "case.pay", "case.reject", "case.follow_up", "referral.resolve",
            ]
            let positions = try expected.map { kind in try #require(kinds.firstIndex(of: kind), "\(kind) missing from \(kinds)") }
            #expect(positions == positions.sorted(), "\(kinds)")
            #expect(entries.allSatisfy { !($0["actor"] as? String ?? "").isEmpty && $0["at"] != nil })
            #expect(entries.first { $0["kind"] as? String == "case.reject" }?["summary"] as? String == "大病救助：不予救助——理由：自付1.5万元未达起付标准；依据：国办发〔2021〕42号")
            #expect(entries.first { $0["kind"] as? String == "referral.sent" }?["stage"] as? String == "push")

            // The department sees its own steps only; the page escapes what workers typed.
            let officers = try await district.call(.get, "/api/v1/households/\(household.id.uuidString)/chain", token: medical)
            let modules = Set((officers.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["module"] as? String })
            #expect(modules == ["medical-aid"])
            let page = try await district.call(.get, "/api/v1/persons/\(head)/chain?format=html", token: town)
            #expect(page.status == .ok && page.text.contains("一户一条救助链") && page.text.contains("户主住院 &lt;急需&gt;"))
        }
    }
}
