import Foundation
import HTTPTypes
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Referrals through the API")
struct ReferralAPITests {
    static func path(_ referral: APITestDistrict.Reply, _ step: String) -> String { "/api/v1/referrals/\(referral.json["id"] as! String)/\(step)" }

    static func ids(_ reply: APITestDistrict.Reply) -> [String] { (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }

    @Test("an overdue referral climbs village → town → district department → district lead, once per level, also after a restart")
    func escalation() async throws {
        // Monday 3 March 2025: five working days end with Monday 10 March.
        let clock = ManualClock(CaseAPITests.instant("2025-03-03T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let (grid, village, town) = (try await district.token("grid"), try await district.token("village"), try await district.token("town"))
            let sent = try await district.call(
                .post, "/api/v1/referrals", token: grid,
                body: [
                    "householdID": household.id.uuidString, "need": "medical", "description": "老人慢性病，自付药费负担重",
                ])
            #expect(sent.status == .created, "\(sent.text)")
            #expect(sent.json["level"] as? String == "village" && sent.json["module"] == nil)
            #expect(sent.json["region"] as? String == AccessTests.ownGrid.parent?.value)
            #expect(sent.json["dueAt"] as? String == "2025-03-10T16:00:00Z")
            let id = try #require(sent.json["id"] as? String)
            #expect(Self.ids(try await district.call(.get, "/api/v1/referrals", token: village)) == [id])
            #expect(Self.ids(try await district.call(.get, "/api/v1/referrals", token: town)).isEmpty)

            let sweep = await district.sweep(clock: clock)
            #expect(try await sweep.run().escalated == 0)
            clock.set(CaseAPITests.instant("2025-03-11T00:00:01+08:00"))
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 1, dueSoon: 0, escalated: 1))
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 0, dueSoon: 0, escalated: 0))
            // A restarted server (a new sweep on the same database) escalates nothing twice.
            #expect(try await district.sweep(clock: clock).run() == DeadlineSweepResult(overdue: 0, dueSoon: 0, escalated: 0))
            let atTown = try await district.call(.get, "/api/v1/referrals/\(id)", token: grid)
            #expect(atTown.json["level"] as? String == "town" && atTown.json["escalations"] as? Int == 1 && atTown.json["state"] as? String == "sent")
            #expect(Self.ids(try await district.call(.get, "/api/v1/referrals", token: town)) == [id])
            let tooLow = try await district.call(.post, "/api/v1/referrals/\(id)/accept", token: village)
            #expect(tooLow.status == .forbidden && tooLow.json["code"] as? String == "outside_scope")

            // At the district the need's own department answers; then the district lead.
            clock.set(CaseAPITests.instant("2025-03-19T00:00:01+08:00"))
            #expect(try await district.sweep(clock: clock).run().escalated == 1)
            let atDistrict = try await district.call(.get, "/api/v1/referrals/\(id)", token: grid)
            #expect(atDistrict.json["level"] as? String == "district" && atDistrict.json["module"] as? String == "medical-aid")
            clock.set(CaseAPITests.instant("2025-03-27T00:00:01+08:00"))
            #expect(try await district.sweep(clock: clock).run().escalated == 1)
            let atLead = try await district.call(.get, "/api/v1/referrals/\(id)", token: grid)
            #expect(atLead.json["level"] as? String == "district_lead" && atLead.json["escalations"] as? Int == 3)
            // The top has nowhere to go: the limit is marked overdue once and stays listed as overdue.
            clock.set(CaseAPITests.instant("2025-04-30T00:00:00+08:00"))
            #expect(try await district.sweep(clock: clock).run() == DeadlineSweepResult(overdue: 1, dueSoon: 0, escalated: 0))
            #expect(try await district.sweep(clock: clock).run() == DeadlineSweepResult(overdue: 0, dueSoon: 0, escalated: 0))
            #expect(try await district.call(.get, "/api/v1/referrals/\(id)", token: grid).json["isOverdue"] as? Bool == true)
            let civil = try await district.token("civil")
            #expect(Self.ids(try await district.call(.get, "/api/v1/referrals", token: civil)) == [id])
            let resolved = try await district.call(.post, "/api/v1/referrals/\(id)/resolve", token: civil, body: ["answer": "督办后已纳入医疗救助"])
            #expect(resolved.json["state"] as? String == "resolved" && resolved.json["dueAt"] == nil, "\(resolved.text)")

            let events = try await district.pool.query(
                """
                SELECT summary FROM assistance_event WHERE kind = 'referral.escalated' ORDER BY at
                """
            ).map { try $0.decode("summary", as: String.self) }
            #expect(
                events == [
                    "村(社区)未在时限内答复，已提级转至乡镇(街道)",
                    "乡镇(街道)未在时限内答复，已提级转至医疗保障（区级）",
                    "医疗保障（区级）未在时限内答复，已提级转至医疗保障（区民政牵头）",
                ])
        }
    }

    @Test("a visit's need goes to medical aid; the answer comes back to the sender with the case filed on it")
    func answerFlowsBack() async throws {
        try await APITestDistrict.with { district in
            let household = try #require(district.district.households.first { $0.grid == AccessTests.ownGrid && $0.members.count >= 2 })
            let (grid, medical) = (try await district.token("grid"), try await district.token("medical"))
            let visit = try await district.call(
                .post, "/api/v1/visits", token: grid,
                body: [
                    "householdID": household.id.uuidString, "kind": "home", "visitedAt": ISO8601DateFormatter().string(from: Date()),
                    "findings": "户主住院，自付费用高", "needs": ["medical"],
                ])
            #expect(visit.status == .created, "\(visit.text)")
            let sent = try await district.call(
                .post, "/api/v1/referrals", token: grid,
                body: [
                    "householdID": household.id.uuidString, "visitID": visit.json["id"] as! String, "need": "medical",
                    "module": "medical-aid", "description": "住院自付约3万元",
                ])
            #expect(sent.json["origin"] as? String == "visit" && sent.json["level"] as? String == "district", "\(sent.text)")
            #expect(try await district.call(.post, Self.path(sent, "accept"), token: medical).json["state"] as? String == "accepted")

            let filed = try await district.call(
                .post, "/api/v1/cases", token: grid,
                body: [
                    "householdID": household.id.uuidString, "description": "住院自付费用高", "referralID": sent.json["id"] as! String,
                    "items": [["type": "medical-aid.medical-assistance", "personID": household.members[0].id.uuidString]],
                ])
            #expect(filed.status == .created, "\(filed.text)")
            let twice = try await district.call(
                .post, "/api/v1/cases", token: grid,
                body: [
                    "householdID": household.id.uuidString, "description": "again", "referralID": sent.json["id"] as! String,
                    "items": [["type": "civil-affairs.temporary-relief"]],
                ])
            #expect(twice.status == .unprocessableContent && twice.json["field"] as? String == "referralID")

            let answered = try await district.call(.post, Self.path(sent, "resolve"), token: medical, body: ["answer": "已受理医疗救助申请"])
            #expect(answered.json["caseID"] as? String == filed.json["id"] as? String)
            let outbox = try await district.call(.get, "/api/v1/referrals?box=sent", token: grid)
            let back = try #require((outbox.json["items"] as? [[String: Any]])?.first)
            #expect((back["answer"] as? [String: Any])?["text"] as? String == "已受理医疗救助申请")
            #expect((back["answer"] as? [String: Any])?["by"] as? String == "medical")
            let again = try await district.call(.post, Self.path(sent, "resolve"), token: medical, body: ["answer": "again"])
            #expect(again.status == .conflict && again.json["code"] as? String == "invalid_transition")
        }
    }

    @Test("refusals need reason and basis; hand-back and re-address; each department sees only its own referrals")
    func refusalsAndAccess() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let (grid, medical, education) = (
                try await district.token("grid"), try await district.token("medical"), try await district.token("education")
            )
            let toSchool = try await district.call(
                .post, "/api/v1/referrals", token: grid,
                body: [
                    "householdID": household.id.uuidString, "need": "schooling", "module": "education", "description": "孩子面临辍学",
                ])
            let toMedical = try await district.call(
                .post, "/api/v1/referrals", token: grid,
                body: [
                    "householdID": household.id.uuidString, "need": "medical", "module": "medical-aid", "description": "慢病用药",
                ])
            #expect(toSchool.status == .created && toMedical.status == .created)

            let unknown = try await district.call(
                .post, "/api/v1/referrals", token: grid,
                body: [
                    "householdID": household.id.uuidString, "need": "medical", "module": "housing", "description": "x",
                ])
            #expect(unknown.status == .unprocessableContent && unknown.json["code"] as? String == "not_a_referral_department")
            let foreign = try await district.call(.get, "/api/v1/referrals/\(toSchool.json["id"] as! String)", token: medical)
            #expect(foreign.status == .forbidden && foreign.json["code"] as? String == "other_department")
            let listed = try await district.call(.get, "/api/v1/households/\(household.id.uuidString)/referrals", token: medical)
            #expect(Self.ids(listed) == [toMedical.json["id"] as! String])
            #expect(Self.ids(try await district.call(.get, "/api/v1/referrals", token: education)) == [toSchool.json["id"] as! String])
            let wrongDesk = try await district.call(.post, Self.path(toSchool, "accept"), token: medical)
            #expect(wrongDesk.status == .forbidden && wrongDesk.json["code"] as? String == "other_department")

            let noBasis = try await district.call(.post, Self.path(toMedical, "decline"), token: medical, body: ["reason": "不属医疗救助范围"])
            #expect(noBasis.status == .unprocessableContent && noBasis.json["field"] as? String == "basis")
            #expect(
                try await district.call(.get, "/api/v1/referrals/\(toMedical.json["id"] as! String)", token: medical).json["state"] as? String
                    == "sent")
            let declined = try await district.call(
                .post, Self.path(toMedical, "decline"), token: medical,
                body: ["reason": "已由基本医保全额报销", "basis": "《医疗保障基金使用监督管理条例》"])
            #expect(declined.json["state"] as? String == "declined")
            #expect((declined.json["answer"] as? [String: Any])?["basis"] as? String == "《医疗保障基金使用监督管理条例》")

            let handedBack = try await district.call(.post, Self.path(toSchool, "hand-back"), token: education, body: ["reason": "属就业帮扶"])
            #expect(handedBack.json["state"] as? String == "handed_back")
            #expect(
                try await district.call(.post, Self.path(toSchool, "readdress"), token: medical, body: ["module": "employment"]).status == .forbidden)
            let readdressed = try await district.call(.post, Self.path(toSchool, "readdress"), token: grid, body: ["module": "employment"])
            #expect(readdressed.json["state"] as? String == "sent" && readdressed.json["module"] as? String == "employment", "\(readdressed.text)")
            #expect(readdressed.json["answer"] == nil && readdressed.json["dueAt"] != nil)
            let employment = try await district.token("employment")
            #expect(try await district.call(.post, Self.path(toSchool, "accept"), token: employment).json["state"] as? String == "accepted")
        }
    }

    @Test("a need no policy covers goes to charity and is matched to a project with room and funds; the project never over-commits")
    func charityProjects() async throws {
        try await APITestDistrict.with { district in
            let households = district.district.households.filter { $0.grid == AccessTests.ownGrid }
            let (grid, charity, medical) = (
                try await district.token("grid"), try await district.token("charity"), try await district.token("medical")
            )
            let project: [String: Any] = [
                "name": "安居助困", "description": "危房修缮资助", "needs": ["housing", "other"], "capacity": 1, "fundsFen": 1_000_000,
            ]
            var empty = project
            empty["capacity"] = 0
            #expect(try await district.call(.post, "/api/v1/projects", token: charity, body: empty).json["field"] as? String == "capacity")
            var foreign = project
            foreign["module"] = "charity"
            #expect(try await district.call(.post, "/api/v1/projects", token: medical, body: foreign).json["code"] as? String == "other_department")
            let created = try await district.call(.post, "/api/v1/projects", token: charity, body: project)
            #expect(created.status == .created && created.json["module"] as? String == "charity", "\(created.text)")
            let projectID = try #require(created.json["id"] as? String)

            var referrals: [APITestDistrict.Reply] = []
            for household in households.prefix(2) {
                referrals.append(
                    try await district.call(
                        .post, "/api/v1/referrals", token: grid,
                        body: [
                            "householdID": household.id.uuidString, "need": "housing", "module": "charity", "description": "房屋漏雨，无力修缮",
                        ]))
            }
            let candidates = try await district.call(.get, Self.path(referrals[0], "projects"), token: charity)
            #expect(Self.ids(candidates) == [projectID])
            #expect(try await district.call(.get, Self.path(referrals[0], "projects"), token: medical).json["code"] as? String == "other_department")
            let byOther = try await district.call(
                .post, Self.path(referrals[0], "match"), token: medical,
                body: ["projectID": projectID, "amountFen": 100_000, "answer": "x"])
            #expect(byOther.status == .forbidden)
            let tooMuch = try await district.call(
                .post, Self.path(referrals[0], "match"), token: charity,
                body: ["projectID": projectID, "amountFen": 2_000_000, "answer": "资助修缮"])
            #expect(tooMuch.status == .conflict && tooMuch.json["code"] as? String == "not_enough_funds")
            #expect(
                try await district.call(.get, "/api/v1/referrals/\(referrals[0].json["id"] as! String)", token: charity).json["state"] as? String
                    == "sent")
            let matched = try await district.call(
                .post, Self.path(referrals[0], "match"), token: charity,
                body: ["projectID": projectID, "amountFen": 500_000, "answer": "资助修缮"])
            #expect(matched.json["state"] as? String == "resolved", "\(matched.text)")
            #expect((matched.json["answer"] as? [String: Any])?["text"] as? String == "资助修缮（安居助困，5000.00 元）")
            let listed = try await district.call(.get, "/api/v1/projects", token: charity)
            let state = try #require((listed.json["items"] as? [[String: Any]])?.first)
            #expect(state["placesTaken"] as? Int == 1 && state["fundsCommittedFen"] as? Int == 500_000)

            #expect(Self.ids(try await district.call(.get, Self.path(referrals[1], "projects"), token: charity)).isEmpty)
            let full = try await district.call(
                .post, Self.path(referrals[1], "match"), token: charity,
                body: ["projectID": projectID, "amountFen": 0, "answer": "安排志愿者"])
            #expect(full.status == .conflict && full.json["code"] as? String == "project_full")
        }
    }
}
