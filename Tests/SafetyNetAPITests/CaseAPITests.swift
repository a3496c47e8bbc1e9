import DemoDistrict
import Foundation
import HTTPTypes
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Cases through the API")
struct CaseAPITests {
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// The item of `type` in a case reply.
    static func item(_ reply: APITestDistrict.Reply, _ type: String) throws -> [String: Any] {
        let items = try #require(reply.json["items"] as? [[String: Any]], "\(reply.status) \(reply.text)")
        return try #require(items.first { $0["type"] as? String == type })
    }

    /// Files dibao for a household in the worker's grid as the town, accepts it, and returns the
    /// item's open limits as due times by kind.
    static func acceptDibao(in district: APITestDistrict) async throws -> [String: String] {
        let (household, town) = (try district.household(inGrid: AccessTests.ownGrid), try await district.token("town"))
        let filed = try await district.call(
            .post, "/api/v1/cases", token: town,
            body: [
                "householdID": household.id.uuidString, "description": "生活困难", "items": [["type": "civil-affairs.dibao"]],
            ])
        let accepted = try await district.call(.post, itemPath(try item(filed, "civil-affairs.dibao"), "accept"), token: town)
        let limits = try #require(try item(accepted, "civil-affairs.dibao")["deadlines"] as? [[String: Any]], "\(accepted.text)")
        return Dictionary(
            uniqueKeysWithValues: limits.compactMap { limit in
                (limit["kind"] as? String).flatMap { kind in (limit["dueAt"] as? String).map { (kind, $0) } }
            })
    }

    static func itemPath(_ item: [String: Any], _ step: String) throws -> String {
        "/api/v1/case-items/\(try #require(item["id"] as? String, "a case item without an id"))/\(step)"
    }

    /// Files temporary relief of `costFen` for `household` as the town and takes it to a decision; the approval's reply.
    static func decideRelief(_ household: DemoHousehold, costFen: Int, in district: APITestDistrict) async throws -> APITestDistrict.Reply {
        let town = try await district.token("town")
        let filed = try await district.call(
            .post, "/api/v1/cases", token: town,
            body: [
                "householdID": household.id.uuidString, "description": "突发困难", "items": [["type": "civil-affairs.temporary-relief"]],
                "claim": ["costFen": costFen],
            ])
        let item = try Self.item(filed, "civil-affairs.temporary-relief")
        for step in ["accept", "investigate"] { _ = try await district.call(.post, itemPath(item, step), token: town) }
        let zeroIncome = household.members.map { ["personID": $0.id.uuidString, "monthlyIncomeFen": 0] }
        _ = try await district.call(.post, itemPath(item, "findings"), token: town, body: ["facts": ["members": zeroIncome]])
        return try await district.call(.post, itemPath(item, "approve"), token: town)
    }

    @Test("the year's grants are the household's own: a second relief needs a heavy cost, another household's does not count")
    func grantsThisYearPerHousehold() async throws {
        try await APITestDistrict.with { district in
            let households = district.district.households.filter { $0.grid == AccessTests.ownGrid }
            let (first, neighbour) = (households[0], households[1])
            #expect(try await Self.decideRelief(first, costFen: 100_000, in: district).status == .ok)
            let second = try await Self.decideRelief(first, costFen: 100_000, in: district)
            #expect(second.status == .unprocessableContent && second.json["code"] as? String == "not_eligible", "\(second.text)")
            #expect(second.text.contains("second_relief_needs_heavy_cost"), "\(second.text)")
            let other = try await Self.decideRelief(neighbour, costFen: 100_000, in: district)
            #expect(other.status == .ok, "\(other.text)")
        }
    }

    @Test("two types in one case: one approved and paid, one refused with its basis; wrong steps change nothing")
    func twoTypes() async throws {
        try await APITestDistrict.with { district in
            let household = try #require(district.district.households.first { $0.grid == AccessTests.ownGrid && $0.members.count >= 2 })
            let head = household.members[0].id.uuidString
            let (grid, town, medical) = (try await district.token("grid"), try await district.token("town"), try await district.token("medical"))
            let filed = try await district.call(
                .post, "/api/v1/cases", token: grid,
                body: [
                    "householdID": household.id.uuidString, "description": "head of household hospitalised; income lost",
                    "onBehalf": true, "applicantPersonID": head,
                    "items": [["type": "civil-affairs.temporary-relief"], ["type": "medical-aid.serious-illness", "personID": head]],
                    "claim": ["costFen": 100_000, "selfPaidMedicalFen": 1_500_000],
                ])
            #expect(filed.status == .created, "\(filed.text)")
            let relief = try Self.item(filed, "civil-affairs.temporary-relief")
            let illness = try Self.item(filed, "medical-aid.serious-illness")
            for item in [relief, illness] {
                for step in ["accept", "investigate"] {
                    #expect(try await district.call(.post, Self.itemPath(item, step), token: town).status == .ok)
                }
            }
            let zeroIncome = household.members.map { ["personID": $0.id.uuidString, "monthlyIncomeFen": 0] }
            let found = try await district.call(.post, Self.itemPath(relief, "findings"), token: town, body: ["facts": ["members": zeroIncome]])
            #expect(try Self.item(found, "civil-affairs.temporary-relief")["state"] as? String == "reviewing")
            #expect(try await district.call(.post, Self.itemPath(illness, "findings"), token: town, body: ["note": "costs verified"]).status == .ok)

            let approved = try await district.call(.post, Self.itemPath(relief, "approve"), token: town)
            let benefit = try #require(try Self.item(approved, "civil-affairs.temporary-relief")["benefit"] as? [String: Any])
            #expect(benefit["amountFen"] as? Int == 100_000)
            let twice = try await district.call(.post, Self.itemPath(relief, "approve"), token: town)
            #expect(twice.status == .conflict && twice.json["code"] as? String == "already_decided")

            // Serious illness is decided by medical aid at the district, and 15,000 yuan does not pass the threshold.
            #expect(try await district.call(.post, Self.itemPath(illness, "approve"), token: town).json["code"] as? String == "decision_level")
            let ineligible = try await district.call(.post, Self.itemPath(illness, "approve"), token: medical)
            #expect(ineligible.status == .unprocessableContent && ineligible.json["code"] as? String == "not_eligible")
            let noBasis = try await district.call(
                .post, Self.itemPath(illness, "reject"), token: medical,
                body: ["reason": "below the threshold", "basis": " ", "notice": "told by phone"])
            #expect(noBasis.status == .unprocessableContent && noBasis.json["field"] as? String == "basis")
            let rejected = try await district.call(
                .post, Self.itemPath(illness, "reject"), token: medical,
                body: [
                    "code": "below_threshold", "reason": "self-paid 15,000 yuan is below the 20,000 yuan threshold",
                    "basis": "国办发〔2021〕42号", "notice": "written notice handed over 2026-11-23",
                ])
            #expect(try Self.item(rejected, "medical-aid.serious-illness")["state"] as? String == "rejected")

            let payment: [String: Any] = ["amountFen": 100_000, "period": "2026-11-23", "payeePersonID": head]
            let unapproved = try await district.call(.post, Self.itemPath(illness, "payments"), token: medical, body: payment)
            #expect(unapproved.status == .conflict && unapproved.json["code"] as? String == "not_approved")
            var tooMuch = payment
            tooMuch["amountFen"] = 100_001
            #expect(
                try await district.call(.post, Self.itemPath(relief, "payments"), token: town, body: tooMuch).json["code"] as? String
                    == "above_approved")
            #expect(
                try await district.call(.post, Self.itemPath(relief, "payments"), token: medical, body: payment).json["code"] as? String
                    == "other_department")
            let paid = try await district.call(.post, Self.itemPath(relief, "payments"), token: town, body: payment)
            #expect(paid.status == .created, "\(paid.text)")
            #expect(try Self.item(paid, "civil-affairs.temporary-relief")["paidFen"] as? Int == 100_000)
            #expect(try Self.item(paid, "civil-affairs.temporary-relief")["state"] as? String == "disbursing")
            let count = try await district.pool.query("SELECT count(*)::int AS n FROM payment")[0].decode("n", as: Int.self)
            #expect(count == 1)

            // A department officer sees its own types only.
            let caseID = try #require(filed.json["id"] as? String)
            let seen = try await district.call(.get, "/api/v1/cases/\(caseID)", token: medical)
            #expect((seen.json["items"] as? [[String: Any]])?.map { $0["type"] as? String } == ["medical-aid.serious-illness"])
            #expect((try await district.call(.get, "/api/v1/cases/\(caseID)", token: town).json["items"] as? [Any])?.count == 2)

            let followed = try await district.call(.post, Self.itemPath(relief, "follow-up"), token: town)
            let deadlines = try Self.item(followed, "civil-affairs.temporary-relief")["deadlines"] as? [[String: Any]] ?? []
            #expect(deadlines.contains { $0["kind"] as? String == "reassessment" && $0["metAt"] == nil })
        }
    }

    @Test("limits on the working calendar across the 2025 Spring Festival; the emergency path pays first")
    func timeLimits() async throws {
        let clock = ManualClock(Self.instant("2025-01-24T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let town = try await district.token("town")
            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: [
                    "householdID": household.id.uuidString, "description": "house fire", "urgency": "emergency",
                    "items": [["type": "civil-affairs.temporary-relief"], ["type": "civil-affairs.dibao"]], "claim": ["costFen": 300_000],
                ])
            #expect(filed.status == .created, "\(filed.text)")
            let relief = try Self.item(filed, "civil-affairs.temporary-relief")
            let dibao = try Self.item(filed, "civil-affairs.dibao")
            #expect((relief["deadlines"] as? [[String: Any]])?.first?["dueAt"] as? String == "2025-01-25T02:00:00Z")
            clock.advance(3_600)
            _ = try await district.call(.post, Self.itemPath(dibao, "accept"), token: town)
            let accepted = try await district.call(.post, Self.itemPath(relief, "accept"), token: town)
            let dibaoLimits = try Self.item(accepted, "civil-affairs.dibao")["deadlines"] as? [[String: Any]] ?? []
            #expect(dibaoLimits.map { $0["dueAt"] as? String } == ["2025-02-05T16:00:00Z", "2025-02-27T16:00:00Z"])
            // Relief first: approved straight after acceptance, paid, and the papers limit opens.
            let approved = try await district.call(.post, Self.itemPath(relief, "approve"), token: town)
            #expect(try Self.item(approved, "civil-affairs.temporary-relief")["state"] as? String == "approved", "\(approved.text)")
            let paid = try await district.call(
                .post, Self.itemPath(relief, "payments"), token: town,
                body: ["amountFen": 300_000, "period": "2025-01-24", "payeePersonID": household.members[0].id.uuidString])
            let limits = try Self.item(paid, "civil-affairs.temporary-relief")["deadlines"] as? [[String: Any]] ?? []
            #expect(limits.first { $0["kind"] as? String == "relief" }?["outcome"] as? String == "met")
            #expect(limits.first { $0["kind"] as? String == "papers" }?["dueAt"] as? String == "2025-02-07T16:00:00Z")
            // The ordinary item cannot skip review.
            let skipped = try await district.call(.post, Self.itemPath(dibao, "approve"), token: town)
            #expect(skipped.status == .conflict && skipped.json["code"] as? String == "invalid_transition")
        }
    }

    @Test("the deadline service warns a day ahead and marks a passed limit exactly once, also after a restart")
    func deadlineSweep() async throws {
        let clock = ManualClock(Self.instant("2025-01-24T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            #expect(try await Self.acceptDibao(in: district)["investigation"] == "2025-02-05T16:00:00Z")  // across the Spring Festival
            let sweep = await district.sweep(clock: clock)
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 0, dueSoon: 0))
            clock.advance(Self.instant("2025-02-05T01:00:00+08:00").timeIntervalSince(clock.now()))
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 0, dueSoon: 1))  // investigation, due at midnight
            clock.advance(Self.instant("2025-02-06T00:00:01+08:00").timeIntervalSince(clock.now()))
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 1, dueSoon: 0))
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 0, dueSoon: 0))
            // A restarted server (a new sweep on the same database) finds nothing left to announce.
            #expect(try await district.sweep(clock: clock).run() == DeadlineSweepResult(overdue: 0, dueSoon: 0))
            let events = try await district.pool.query("SELECT summary FROM assistance_event WHERE kind = 'deadline.overdue'")
            #expect(events.count == 1)
            #expect(try events.first?.decode("summary", as: String.self) == "入户调查时限已超期（截止 2025-02-06 00:00）")
        }
    }

    @Test("the other steps: the catalog, an assessment, forwarding, papers after urgent relief, withdrawal cancels the open limits")
    func otherSteps() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let town = try await district.token("town")
            let catalog = try await district.call(.get, "/api/v1/assistance-types", token: town)
            let ids = (catalog.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(ids.count == 16 && ids.contains("disability.nursing-subsidy") && ids.contains("charity.project-aid"))

            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: [
                    "householdID": household.id.uuidString, "description": "flood damage", "urgency": "critical",
                    "items": [
                        ["type": "civil-affairs.temporary-relief"], ["type": "civil-affairs.tekun", "personID": household.members[0].id.uuidString],
                    ],
                    "claim": ["costFen": 50_000],
                ])
            let relief = try Self.item(filed, "civil-affairs.temporary-relief")
            let tekun = try Self.item(filed, "civil-affairs.tekun")
            // Tekun is not a relief type: no 2-hour limit, and the rules want facts the case does not hold.
            #expect((tekun["deadlines"] as? [Any])?.isEmpty == true)
            let assessment = try await district.call(.get, Self.itemPath(tekun, "assessment"), token: town)
            let outcome = assessment.json["outcome"] as? String
            let explained = assessment.json["finding"] != nil || !((assessment.json["missing"] as? [Any]) ?? []).isEmpty
            #expect(["ineligible", "incomplete"].contains(outcome) && explained, "\(assessment.text)")

            for step in ["accept", "investigate"] { _ = try await district.call(.post, Self.itemPath(tekun, step), token: town) }
            _ = try await district.call(.post, Self.itemPath(tekun, "findings"), token: town, body: ["note": "checked"])
            let forwarded = try await district.call(.post, Self.itemPath(tekun, "forward"), token: town, body: ["note": "town review done"])
            #expect(try Self.item(forwarded, "civil-affairs.tekun")["forwardedAt"] != nil)
            let withdrawn = try await district.call(.post, Self.itemPath(tekun, "withdraw"), token: town)
            let closedLimits = try Self.item(withdrawn, "civil-affairs.tekun")["deadlines"] as? [[String: Any]] ?? []
            #expect(try Self.item(withdrawn, "civil-affairs.tekun")["state"] as? String == "closed")
            #expect(closedLimits.first { $0["kind"] as? String == "investigation" }?["outcome"] as? String == "met")
            #expect(closedLimits.first { $0["kind"] as? String == "decision" }?["outcome"] as? String == "cancelled")

            _ = try await district.call(.post, Self.itemPath(relief, "accept"), token: town)
            _ = try await district.call(.post, Self.itemPath(relief, "approve"), token: town)
            _ = try await district.call(
                .post, Self.itemPath(relief, "payments"), token: town,
                body: ["amountFen": 50_000, "period": "2026-11-23", "payeePersonID": household.members[0].id.uuidString])
            let papers = try await district.call(.post, Self.itemPath(relief, "papers-complete"), token: town)
            let limits = try Self.item(papers, "civil-affairs.temporary-relief")["deadlines"] as? [[String: Any]] ?? []
            #expect(limits.compactMap { $0["kind"] as? String }.sorted() == ["papers", "relief"])
            #expect(limits.allSatisfy { $0["outcome"] as? String == "met" })
        }
    }
}

@Suite("Joint cases through the API")
struct JointCaseAPITests {
    @Test("一事一议: civil affairs leads, each department answers once, and the case concludes only when all have")
    func jointCase() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let (town, civil, medical, charity, education) = (
                try await district.token("town"), try await district.token("civil"), try await district.token("medical"),
                try await district.token("charity"), try await district.token("education")
            )
            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: [
                    "householdID": household.id.uuidString, "description": "重病致贫，费用超出单项政策", "items": [["type": "civil-affairs.dibao"]],
                ])
            let joint = "/api/v1/cases/\(filed.json["id"] as! String)/joint"
            let opening: [String: Any] = ["reason": "医疗费用超出各项政策上限", "departments": ["medical-aid", "charity", "civil-affairs"]]
            // A case whose every item is closed has nothing left to handle jointly.
            let withdrawn = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: ["householdID": household.id.uuidString, "description": "已撤回的申请", "items": [["type": "civil-affairs.dibao"]]])
            let withdrawnItem = try #require((withdrawn.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await district.call(.post, "/api/v1/case-items/\(withdrawnItem)/withdraw", token: town).status == .ok)
            let closed = try await district.call(.post, "/api/v1/cases/\(withdrawn.json["id"] as! String)/joint", token: civil, body: opening)
            #expect(closed.status == .conflict && closed.json["code"] as? String == "case_closed", "\(closed.text)")
            let byTown = try await district.call(.post, joint, token: town, body: opening)
            #expect(byTown.status == .forbidden, "\(byTown.text)")
            let leadOnly = try await district.call(.post, joint, token: civil, body: ["reason": "x", "departments": ["civil-affairs"]])
            #expect(leadOnly.status == .unprocessableContent && leadOnly.json["field"] as? String == "departments")
            let opened = try await district.call(.post, joint, token: civil, body: opening)
            #expect((opened.json["joint"] as? [String: Any])?["contributions"] as? [[String: Any]] != nil, "\(opened.text)")
            #expect(try await district.call(.post, joint, token: civil, body: opening).json["code"] as? String == "already_joint")

            // A participant department sees the case though none of its types is asked for.
            #expect(try await district.call(.get, "/api/v1/cases/\(filed.json["id"] as! String)", token: medical).status == .ok)
            let answered = try await district.call(
                .post, "\(joint)/contributions", token: medical,
                body: ["contribution": "医疗救助按上限支付", "amountFen": 5_000_000])
            #expect(answered.status == .ok, "\(answered.text)")
            let again = try await district.call(.post, "\(joint)/contributions", token: medical, body: ["contribution": "again"])
            #expect(again.status == .conflict && again.json["code"] as? String == "already_answered")
            let outsider = try await district.call(.post, "\(joint)/contributions", token: education, body: ["contribution": "助学"])
            #expect(outsider.json["code"] as? String == "not_a_participant")
            let early = try await district.call(.post, "\(joint)/conclude", token: civil, body: ["conclusion": "综合救助"])
            #expect(early.status == .conflict && early.json["code"] as? String == "contributions_pending")
            #expect((early.json["message"] as? String)?.contains("charity, civil-affairs") == true, "\(early.text)")

            #expect(
                try await district.call(.post, "\(joint)/contributions", token: charity, body: ["contribution": "大病慈善项目资助", "amountFen": 2_000_000])
                    .status == .ok)
            #expect(try await district.call(.post, "\(joint)/contributions", token: civil, body: ["contribution": "纳入低保并给予临时救助"]).status == .ok)
            let concluded = try await district.call(.post, "\(joint)/conclude", token: civil, body: ["conclusion": "医保、慈善、民政合力解决"])
            let view = try #require(concluded.json["joint"] as? [String: Any], "\(concluded.text)")
            #expect(view["conclusion"] as? String == "医保、慈善、民政合力解决")
            let parts = try #require(view["contributions"] as? [[String: Any]])
            #expect(parts.map { $0["module"] as? String } == ["charity", "civil-affairs", "medical-aid"])
            #expect(parts.allSatisfy { $0["answeredAt"] != nil })
            #expect(
                try await district.call(.post, "\(joint)/conclude", token: civil, body: ["conclusion": "again"]).json["code"] as? String
                    == "concluded")
            // A contributing department's officer sees the joint case open and conclude in the chain; one outside it does not.
            let chainPath = "/api/v1/households/\(household.id.uuidString)/chain"
            let jointSteps = { (token: String) async throws -> [String] in
                let chain = try await district.call(.get, chainPath, token: token)
                let entries = try #require(chain.json["entries"] as? [[String: Any]], "\(chain.text)")
                return entries.compactMap { $0["kind"] as? String }.filter { $0.hasPrefix("joint.") }
            }
            #expect(try await jointSteps(medical) == ["joint.opened", "joint.contribution", "joint.concluded"])
            #expect(try await jointSteps(education).isEmpty)
        }
    }
}

@Suite("The working calendar through the API")
struct CalendarAPITests {
    @Test("the admin loads a year; limits opened afterwards count on it; bad schedules are refused")
    func loadYear() async throws {
        let clock = ManualClock(CaseAPITests.instant("2026-12-31T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let (admin, town) = (try await district.token("admin"), try await district.token("town"))
            let shipped = try await district.call(.get, "/api/v1/calendar/2025", token: town)
            #expect((shipped.json["holidays"] as? [String])?.contains("2025-01-28") == true)
            #expect((shipped.json["workingDays"] as? [String])?.contains("2025-01-26") == true)

            let year2027: [String: Any] = ["holidays": ["2027-01-01"], "workingDays": [String](), "note": "国办发明电（2026）"]
            #expect(try await district.call(.put, "/api/v1/calendar/2027", token: town, body: year2027).status == .forbidden)
            let weekday = try await district.call(
                .put, "/api/v1/calendar/2027", token: admin, body: ["holidays": [String](), "workingDays": ["2027-01-05"]])
            #expect(weekday.status == .unprocessableContent && weekday.json["code"] as? String == "not_a_weekend")
            let stray = try await district.call(
                .put, "/api/v1/calendar/2027", token: admin, body: ["holidays": ["2026-12-31"], "workingDays": [String]()])
            #expect(stray.json["code"] as? String == "other_year")
            let loaded = try await district.call(.put, "/api/v1/calendar/2027", token: admin, body: year2027)
            #expect(loaded.status == .ok && loaded.json["holidays"] as? [String] == ["2027-01-01"], "\(loaded.text)")

            // Accepted on Thursday 31 December: 1 January is a holiday, so 3 working days end on Wednesday 6 January.
            #expect(try await CaseAPITests.acceptDibao(in: district)["investigation"] == "2027-01-06T16:00:00Z")
        }
    }
}

@Suite("A year without a published schedule")
struct UnpublishedYearTests {
    @Test("limits reaching into it are provisional and the admin is told; loading it counts them again")
    func provisionalLimits() async throws {
        let clock = ManualClock(CaseAPITests.instant("2026-12-31T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let (admin, town) = (try await district.token("admin"), try await district.token("town"))
            let missing = try await district.call(.get, "/api/v1/calendar/2027", token: town)
            #expect(missing.json["published"] as? Bool == false && (missing.json["holidays"] as? [String])?.isEmpty == true)
            #expect((try await district.call(.get, "/api/v1/calendar", token: admin).json["notice"] as? String)?.contains("2027年") == true)

            let household = try district.household(inGrid: AccessTests.ownGrid)
            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: [
                    "householdID": household.id.uuidString, "description": "生活困难", "items": [["type": "civil-affairs.dibao"]],
                ])
            let itemPath = try CaseAPITests.itemPath(try CaseAPITests.item(filed, "civil-affairs.dibao"), "accept")
            func investigation(_ reply: APITestDistrict.Reply) throws -> [String: Any] {
                let limits = try #require(try CaseAPITests.item(reply, "civil-affairs.dibao")["deadlines"] as? [[String: Any]], "\(reply.text)")
                return try #require(limits.first { $0["kind"] as? String == "investigation" })
            }
            // Counted on weekdays alone: Friday 1 January, Monday 4 and Tuesday 5 January.
            let accepted = try await district.call(.post, itemPath, token: town)
            #expect(try investigation(accepted)["dueAt"] as? String == "2027-01-05T16:00:00Z")
            #expect(try investigation(accepted)["isProvisional"] as? Bool == true)

            let loaded = try await district.call(
                .put, "/api/v1/calendar/2027", token: admin, body: ["holidays": ["2027-01-01"], "workingDays": [String]()])
            #expect(loaded.json["published"] as? Bool == true && (loaded.json["limitsRecounted"] as? Int ?? 0) >= 2, "\(loaded.text)")
            let recounted = try await district.call(.get, "/api/v1/cases/\(try #require(filed.json["id"] as? String))", token: town)
            #expect(try investigation(recounted)["dueAt"] as? String == "2027-01-06T16:00:00Z", "1 January is a holiday after all")
            #expect(try investigation(recounted)["isProvisional"] as? Bool == false)
            #expect(try await district.call(.get, "/api/v1/calendar", token: admin).json["notice"] == nil)

            let draft = try await district.call(
                .put, "/api/v1/calendar/2027", token: admin,
                body: ["holidays": ["2027-01-01"], "workingDays": [String](), "published": false])
            #expect(draft.json["published"] as? Bool == false)
        }
    }
}

@Suite("Time limits across National Day through the API")
struct NationalDayAPITests {
    @Test("accepted on 30 September 2025: 3 working days skip the holiday and end on the adjusted Saturday 11 October")
    func nationalDay() async throws {
        let clock = ManualClock(CaseAPITests.instant("2025-09-30T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let limits = try await CaseAPITests.acceptDibao(in: district)
            #expect(limits["investigation"] == "2025-10-11T16:00:00Z")
            // 20 working days: 9–11 October, then 13 October onward, 17 more working days end on Tuesday 4 November.
            #expect(limits["decision"] == "2025-11-04T16:00:00Z")
        }
    }
}
