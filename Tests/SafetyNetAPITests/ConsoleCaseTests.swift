import Foundation
import HTTPTypes
import Testing

/// Issue 15: 帮办代办 from the household page, the town's work queue and a case's steps through
/// the console, with the API's checks and time limits.
@Suite("Web console: filing on a resident's behalf, the work queue and a case's steps")
struct ConsoleCaseTests {
    /// A signed-in browser of `login`: pages read and forms sent with the session's cookie and token.
    struct Browser {
        let district: APITestDistrict
        let token: String

        init(_ login: String, in district: APITestDistrict) async throws {
            self.district = district
            token = try await district.token(login)
        }

        func get(_ path: String) async throws -> APITestDistrict.Reply {
            try await district.call(.get, path, headers: ConsoleTests.cookie(token))
        }

        /// Sends `fields` to `path` with the form token of the page at `from`.
        func send(_ fields: [(String, String)], to path: String, from page: String) async throws -> APITestDistrict.Reply {
            let csrf = try ConsoleTests.formToken(in: try await get(page).text)
            let form = ConsoleTests.form([("csrf", csrf)] + fields, cookie: "__Host-safetynet_session=\(token)")
            return try await district.call(.post, path, body: form.body, headers: form.headers)
        }
    }

    static func caseID(_ reply: APITestDistrict.Reply) throws -> String {
        let location = try #require(reply.headers[.location], "no redirect: \(reply.status) \(reply.text)")
        return try #require(location.firstMatch(of: /\/cases\/([0-9A-F-]{36})/).map { String($0.1) }, "\(location)")
    }

    static func state(of item: String, in district: APITestDistrict) async throws -> String {
        try await district.pool.query("SELECT state FROM case_item WHERE id = \(try #require(UUID(uuidString: item)))")[0].decode("state")
    }

    @Test(
        "a grid worker files temporary relief on a resident's behalf; the town finds it in its queue and accepts, investigates and approves it within the limits"
    )
    func fileAndDecide() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let householdPage = "/households/\(household.id.uuidString)"
            let grid = try await Browser("grid", in: district)
            #expect(try await grid.get(householdPage).text.contains("帮办代办"))
            @Sendable func cases() async throws -> Int {
                try await district.pool.query("SELECT count(*) AS n FROM assistance_case WHERE household_id = \(household.id)")[0].decode("n")
            }
            let refused = try await grid.send(
                [("description", "家中突发火灾"), ("urgency", "normal"), ("cost", "12.345")], to: "\(householdPage)/cases", from: householdPage)
            #expect(refused.status == .unprocessableContent && refused.text.contains("金额请以元为单位"), "\(refused.text)")
            #expect(refused.text.contains("家中突发火灾") && refused.text.contains("12.345"), "the form comes back as typed")
            #expect(try await cases() == 0)
            let none = try await grid.send([("description", "家中突发火灾")], to: "\(householdPage)/cases", from: householdPage)
            #expect(none.status == .unprocessableContent && none.text.contains("请至少选择一项救助类型"), "\(none.text)")

            let filed = try await grid.send(
                [("types", "civil-affairs.temporary-relief"), ("urgency", "normal"), ("description", "家中突发火灾"), ("cost", "3,000.50")],
                to: "\(householdPage)/cases", from: householdPage)
            #expect(filed.status == .seeOther, "\(filed.text)")
            let caseID = try Self.caseID(filed)
            let stored = try await district.pool.query(
                "SELECT on_behalf, claim->>'costFen' AS cost FROM assistance_case WHERE id = \(UUID(uuidString: caseID)!)")
            #expect(try stored[0].decode("on_behalf", as: Bool.self) && stored[0].decode("cost", as: String.self) == "300050")
            let asFiled = try await grid.get("/cases/\(caseID)")
            #expect(asFiled.text.contains("临时救助") && asFiled.text.contains("待受理") && asFiled.text.contains("grid 帮办代办"), "\(asFiled.text)")
            #expect(!asFiled.text.contains("/accept\""), "a grid worker is offered no step")
            let gridQueue = try await grid.get("/cases")
            #expect(gridQueue.status == .ok && gridQueue.text.contains(caseID) && !gridQueue.text.contains(">受理审批</a>"), "read, not in the menu")

            let town = try await Browser("town", in: district)
            let queue = try await town.get("/cases?stage=to_accept")
            #expect(queue.text.contains("/cases/\(caseID)#item-") && queue.text.contains(household.address), "\(queue.text)")
            let item = try #require(queue.text.firstMatch(of: /#item-([0-9A-F-]{36})/).map { String($0.1) })
            let casePage = "/cases/\(caseID)"
            for step in ["accept", "investigate"] {
                let reply = try await town.send([("note", "")], to: "/case-items/\(item)/\(step)", from: casePage)
                #expect(reply.status == .seeOther && reply.headers[.location]?.contains("done=\(step)") == true, "\(step): \(reply.text)")
            }
            let investigating = try await town.get(casePage)
            #expect(investigating.text.contains("入户调查") && investigating.text.contains("审核审批") && investigating.text.contains("提交调查意见"))
            let incomes = household.members.map { ("income.\($0.id.uuidString)", "0") }
            let findings = try await town.send(incomes + [("note", "房屋烧毁")], to: "/case-items/\(item)/findings", from: casePage)
            #expect(findings.status == .seeOther, "\(findings.text)")
            #expect(try await Self.state(of: item, in: district) == "reviewing")

            let reviewing = try await town.get(casePage)
            #expect(reviewing.text.contains("按时完成"), "the investigation's limit is met by the findings")
            #expect(reviewing.text.contains("符合条件") && reviewing.text.contains("id=\"approve-\(item)\""), "\(reviewing.text)")
            let emptyBasis = try await town.send(
                [("reason", "不符合"), ("basis", ""), ("notice", "当面告知")], to: "/case-items/\(item)/reject", from: casePage)
            #expect(emptyBasis.status == .unprocessableContent && emptyBasis.text.contains("请写明依据"), "\(emptyBasis.text)")
            #expect(try await Self.state(of: item, in: district) == "reviewing")
            let approved = try await town.send([], to: "/case-items/\(item)/approve", from: casePage)
            #expect(approved.status == .seeOther, "\(approved.text)")
            #expect(try await Self.state(of: item, in: district) == "approved")
            let limits = try await district.pool.query(
                "SELECT kind, met_at <= due_at AS in_time FROM deadline WHERE case_item_id = \(UUID(uuidString: item)!) ORDER BY kind")
            #expect(try limits.map { try $0.decode("kind", as: String.self) } == ["decision", "investigation"])
            #expect(try limits.allSatisfy { try $0.decode("in_time", as: Bool?.self) == true }, "both limits met in time")
            let toPay = try await town.get("/cases?stage=to_pay")
            #expect(toPay.text.contains("已批准") && toPay.text.contains(item))
            #expect(try await town.get("/cases?stage=to_accept").text.contains("这一环节没有待办的申请"))
        }
    }

    @Test("a town is offered forwarding, not a decision, for the district's types; a department officer sees only its own department's items")
    func decisionLevels() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let town = try await district.token("town")
            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: [
                    "householdID": household.id.uuidString, "description": "生活困难",
                    "items": [
                        ["type": "civil-affairs.tekun", "personID": household.members[0].id.uuidString],
                        ["type": "medical-aid.medical-assistance", "personID": household.members[0].id.uuidString],
                    ],
                ])
            #expect(filed.status == .created, "\(filed.text)")
            let caseID = try #require(filed.json["id"] as? String)
            let tekun = try CaseAPITests.item(filed, "civil-affairs.tekun")
            for step in ["accept", "investigate"] { _ = try await district.call(.post, CaseAPITests.itemPath(tekun, step), token: town) }
            let zero = household.members.map { ["personID": $0.id.uuidString, "monthlyIncomeFen": 0] }
            _ = try await district.call(
                .post, CaseAPITests.itemPath(tekun, "findings"), token: town,
                body: ["facts": ["members": zero, "financialAssetsFen": 0, "vehicles": 0]])
            let tekunID = try #require(tekun["id"] as? String)

            let page = try await Browser("town", in: district).get("/cases/\(caseID)")
            #expect(page.text.contains("id=\"forward-\(tekunID)\"") && !page.text.contains("id=\"decision-\(tekunID)\""), "\(page.text)")
            let civil = try await Browser("civil", in: district).get("/cases/\(caseID)")
            #expect(civil.text.contains("id=\"decision-\(tekunID)\"") && !civil.text.contains("id=\"forward-\(tekunID)\""), "\(civil.text)")

            let medical = try await Browser("medical", in: district)
            let queue = try await medical.get("/cases")
            #expect(queue.status == .ok && queue.text.contains("医疗救助") && !queue.text.contains("特困人员救助供养"), "\(queue.text)")
            let api = try await district.call(.get, "/api/v1/case-items?module=civil-affairs", token: try await district.token("medical"))
            let items = try #require(api.json["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["module"] as? String == "medical-aid" } && api.json["total"] as? Int == 1, "\(api.text)")
        }
    }

    @Test(
        "the API's work queue pages, filters and sorts on the server, keeps to the caller's region, and refuses a value it does not take with the parameter named"
    )
    func queueAPI() async throws {
        let clock = ManualClock(CaseAPITests.instant("2025-03-03T09:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let town = try await district.token("town")
            let households = district.district.households.filter { $0.grid == AccessTests.ownGrid }.prefix(3)
            var filed: [String] = []
            for household in households {
                let reply = try await district.call(
                    .post, "/api/v1/cases", token: town,
                    body: ["householdID": household.id.uuidString, "description": "生活困难", "items": [["type": "civil-affairs.dibao"]]])
                #expect(reply.status == .created, "\(reply.text)")
                filed.append(try #require(reply.json["id"] as? String))
                clock.advance(60)
            }
            // Another town's application, filed by the district: never in this town's queue or counts.
            let elsewhere = try district.household(inGrid: AccessTests.otherTownGrid)
            let other = try await district.call(
                .post, "/api/v1/cases", token: try await district.token("civil"),
                body: ["householdID": elsewhere.id.uuidString, "description": "生活困难", "items": [["type": "civil-affairs.dibao"]]])
            #expect(other.status == .created, "\(other.text)")
            let otherID = try #require(other.json["id"] as? String)

            let first = try await district.call(.get, "/api/v1/case-items?stage=to_accept&limit=2", token: town)
            #expect(first.status == .ok && first.json["total"] as? Int == 3 && (first.json["items"] as? [Any])?.count == 2, "\(first.text)")
            let rest = try await district.call(.get, "/api/v1/case-items?stage=to_accept&limit=2&offset=2", token: town)
            #expect((rest.json["items"] as? [Any])?.count == 1 && rest.json["total"] as? Int == 3)
            let past = try await district.call(.get, "/api/v1/case-items?stage=to_accept&offset=10", token: town)
            #expect((past.json["items"] as? [Any])?.isEmpty == true && past.json["total"] as? Int == 3, "\(past.text)")
            let newest = try await district.call(.get, "/api/v1/case-items?order=newest", token: town)
            let order = try #require(newest.json["items"] as? [[String: Any]]).compactMap { $0["caseID"] as? String }
            #expect(order == filed.reversed(), "newest first")
            let counts = try await district.call(.get, "/api/v1/case-items/counts", token: town)
            #expect((counts.json["stages"] as? [[String: Any]])?.first?["items"] as? Int == 3, "\(counts.text)")
            let whole = try await district.call(.get, "/api/v1/case-items", token: try await district.token("civil"))
            #expect(whole.json["total"] as? Int == 4 && whole.text.contains(otherID), "the district sees every town's")
            #expect(try await district.call(.get, "/api/v1/case-items?stage=to_decide", token: town).json["total"] as? Int == 0)
            let bad = try await district.call(.get, "/api/v1/case-items?stage=later", token: town)
            #expect(bad.status == .unprocessableContent && bad.json["field"] as? String == "stage", "\(bad.text)")
            let grid = try await district.call(.get, "/api/v1/case-items", token: try await district.token("grid"))
            #expect(grid.status == .ok && grid.json["total"] as? Int == 3 && !grid.text.contains(otherID), "a grid worker reads its grid's")
            let page = try await Browser("town", in: district).get("/cases")
            #expect(page.text.contains(filed[0]) && !page.text.contains(otherID))
            let csv = try await Browser("town", in: district).get("/cases.csv?stage=to_accept")
            #expect(csv.status == .ok && csv.text.hasPrefix("\u{FEFF}救助类型,住址") && csv.text.contains(filed[2]) && !csv.text.contains(otherID))
            #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4, "the header and the town's three")
        }
    }

    @Test("a step or an application sent without the page's form token changes nothing")
    func forgedForms() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let town = try await district.token("town")
            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: ["householdID": household.id.uuidString, "description": "生活困难", "items": [["type": "civil-affairs.dibao"]]])
            let item = try #require(try CaseAPITests.item(filed, "civil-affairs.dibao")["id"] as? String)
            let cookie = "__Host-safetynet_session=\(town)"
            for (path, fields) in [
                ("/case-items/\(item)/accept", [("csrf", String(repeating: "0", count: 64))]),
                ("/households/\(household.id.uuidString)/cases", [("types", "civil-affairs.dibao"), ("description", "伪造")]),
            ] {
                let form = ConsoleTests.form(fields, cookie: cookie)
                let reply = try await district.call(.post, path, body: form.body, headers: form.headers)
                #expect(reply.status == .forbidden && reply.text.contains("表单已过期"), "\(path): \(reply.status)")
            }
            #expect(try await Self.state(of: item, in: district) == "applied")
            let cases = try await district.pool.query("SELECT count(*) AS n FROM assistance_case WHERE household_id = \(household.id)")
            #expect(try cases[0].decode("n", as: Int.self) == 1)
        }
    }

    @Test("the findings form keeps what was declared beyond its fields, and a payment is offered only while money is left to pay")
    func findingsAndPayments() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let head = household.members[0].id.uuidString
            let town = try await district.token("town")
            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: [
                    "householdID": household.id.uuidString, "description": "突发困难", "items": [["type": "civil-affairs.temporary-relief"]],
                    "claim": ["costFen": 100_000], "facts": ["members": [["personID": head, "hasAbleSupporter": false, "monthlyIncomeFen": 50_000]]],
                ])
            let caseID = try #require(filed.json["id"] as? String)
            let item = try #require(try CaseAPITests.item(filed, "civil-affairs.temporary-relief")["id"] as? String)
            for step in ["accept", "investigate"] { _ = try await district.call(.post, "/api/v1/case-items/\(item)/\(step)", token: town) }
            let browser = try await Browser("town", in: district)
            let page = "/cases/\(caseID)"
            let form = try await browser.get(page)
            #expect(form.text.contains("name=\"income.\(head)\" inputmode=\"decimal\" value=\"500.00\""), "the declared income is the form's start")
            let incomes = household.members.map { ("income.\($0.id.uuidString)", "0") }
            #expect(try await browser.send(incomes + [("assets", "0")], to: "/case-items/\(item)/findings", from: page).status == .seeOther)
            let facts = try await district.pool.query("SELECT facts FROM assistance_case WHERE id = \(UUID(uuidString: caseID)!)")
            let stored = try facts[0].decode("facts", as: String.self)
            #expect(stored.contains("\"hasAbleSupporter\": false") && stored.contains("\"financialAssetsFen\": 0"), "\(stored)")

            #expect(try await browser.send([], to: "/case-items/\(item)/approve", from: page).status == .seeOther)
            let approved = try await browser.get(page)
            #expect(approved.text.contains("id=\"pay-\(item)\"") && approved.text.contains("value=\"1000.00\""), "the whole amount is left")
            let paid = try await browser.send(
                [("amount", "1,000"), ("period", "2026-12"), ("payee", head), ("reference", "")], to: "/case-items/\(item)/pay", from: page)
            #expect(paid.status == .seeOther, "\(paid.text)")
            let after = try await browser.get(page)
            #expect(!after.text.contains("id=\"pay-\(item)\"") && after.text.contains("已发放 ¥1,000.00"), "nothing is left to pay")
            #expect(after.text.contains("id=\"follow_up-\(item)\""), "follow-up is offered next")
        }
    }

    @Test("an emergency application past its 24-hour relief limit tops the queue as overdue, and the workbench counts it")
    func overdueAtTheTop() async throws {
        let clock = ManualClock(CaseAPITests.instant("2025-01-24T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let households = district.district.households.filter { $0.grid == AccessTests.ownGrid }
            let town = try await district.token("town")
            for (household, urgency) in [(households[0], "normal"), (households[1], "emergency")] {
                let filed = try await district.call(
                    .post, "/api/v1/cases", token: town,
                    body: [
                        "householdID": household.id.uuidString, "description": "突发困难", "urgency": urgency,
                        "items": [["type": "civil-affairs.temporary-relief"]], "claim": ["costFen": 100_000],
                    ])
                #expect(filed.status == .created, "\(filed.text)")
            }
            clock.advance(25 * 3_600)
            let counts = try await district.call(.get, "/api/v1/case-items/counts", token: town)
            let stages = try #require(counts.json["stages"] as? [[String: Any]], "\(counts.text)")
            #expect(stages.map { $0["stage"] as? String } == ["to_accept", "investigating", "to_decide", "to_pay"])
            #expect(stages[0]["items"] as? Int == 2 && stages[0]["overdue"] as? Int == 1, "\(counts.text)")
            let browser = try await Browser("town", in: district)
            let workbench = try await browser.get("/")
            #expect(workbench.text.contains("id=\"queue-summary\"") && workbench.text.contains("其中超过时限 1 项"), "\(workbench.text)")
            let queue = try await browser.get("/cases")
            let cards = queue.text.components(separatedBy: "<li class=\"card").dropFirst()
            #expect(cards.count == 2)
            #expect(cards.first?.hasPrefix(" overdue") == true && cards.first?.contains("先行救助时限 逾期1小时") == true, "\(queue.text)")
            #expect(cards.first?.contains(households[1].address) == true, "the overdue emergency comes first")
            let urgentOnly = try await browser.get("/cases?urgent=true")
            #expect(urgentOnly.text.contains("第 1 项，共 1 项"), "\(urgentOnly.text)")
            let grid = try await Browser("grid", in: district).get("/")
            #expect(!grid.text.contains("queue-summary"), "a grid worker handles no applications")
        }
    }
}
