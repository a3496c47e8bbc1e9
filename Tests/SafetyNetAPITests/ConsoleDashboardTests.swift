import Foundation
import HTTPTypes
import Testing

/// Issue 15: 统计监督, the district's dashboard, against the supervision API for the same query.
@Suite("Web console: the supervision dashboard")
struct ConsoleDashboardTests {
    /// The figure `name` of the row of `type` in the dashboard's table.
    static func figure(_ name: String, of type: String, in page: String) -> Int? {
        guard let row = page.components(separatedBy: "<tr data-type=\"\(type)\">").dropFirst().first?.components(separatedBy: "</tr>").first,
            let cell = row.range(of: "data-figure=\"\(name)\"")
        else { return nil }
        let text = row[cell.upperBound...].drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
        return Int(text)
    }

    @Test("the dashboard shows the figures the API gives for the same period, the ledger's risk by town, and this month's work")
    func matchesAPI() async throws {
        try await APITestDistrict.with { district in
            let households = district.district.households.filter { $0.grid == AccessTests.ownGrid }
            #expect(try await CaseAPITests.decideRelief(households[0], costFen: 100_000, in: district).status == .ok)
            #expect(try await CaseAPITests.decideRelief(households[1], costFen: 100_000, in: district).status == .ok)
            let civil = try await district.token("civil")
            let figures = try await district.call(.get, "/api/v1/supervision/figures", token: civil)
            let types = try #require(figures.json["types"] as? [[String: Any]], "\(figures.text)")
            let relief = try #require(types.first { $0["type"] as? String == "civil-affairs.temporary-relief" })

            let page = try await district.call(.get, "/dashboard", headers: ConsoleTests.cookie(civil))
            #expect(page.status == .ok && page.text.contains("统计监督"), "\(page.text)")
            for name in ["applications", "approvals", "rejections", "overdue"] {
                let shown = Self.figure(name, of: "civil-affairs.temporary-relief", in: page.text)
                #expect(
                    shown != nil && shown == relief[name] as? Int,
                    "\(name): page \(String(describing: shown)), API \(String(describing: relief[name]))")
            }
            #expect(Self.figure("approvals", of: "civil-affairs.temporary-relief", in: page.text) == 2)
            let warning = try #require(figures.json["earlyWarning"] as? [String: Any])
            #expect(page.text.contains("data-figure=\"monitored\">\(warning["monitored"] as? Int ?? -1)<"), "the ledger's count as the API gives it")

            // The ledger by town: every monitored household of the district counted once, at its level.
            let ledger = try await district.pool.query(
                "SELECT count(*) FILTER (WHERE risk_level = 'red') AS red, count(*) AS total FROM monitoring WHERE ended_at IS NULL")
            let rows = page.text.components(separatedBy: "<table id=\"risk\">")[1].components(separatedBy: "</table>")[0]
            let totals = rows.matches(of: /<td>([0-9]+)<\/td><\/tr>/).compactMap { Int($0.output.1) }
            #expect(totals.reduce(0, +) == (try ledger[0].decode("total", as: Int.self)), "\(rows)")
            #expect(page.text.contains("<svg") && page.text.contains("<title>各乡镇街道监测户风险等级</title>"))

            // The months: this month holds the two applications and their approvals.
            let months = page.text.components(separatedBy: "<table id=\"months\">")[1].components(separatedBy: "</table>")[0]
            let last = try #require(months.components(separatedBy: "<tr>").last)
            #expect(last.contains("<td>2</td><td>2</td><td>0</td>"), "\(last)")

            // A town's row leads to the town's own dashboard, its villages' risk below it.
            let townLink = try #require(page.text.firstMatch(of: /<a href="(\/dashboard\?region=[^"]+)">/).map { String($0.1) }, "no town link")
            let town = try await district.call(.get, townLink.replacingOccurrences(of: "&amp;", with: "&"), headers: ConsoleTests.cookie(civil))
            #expect(town.status == .ok && town.text.contains("按村居"), "\(town.status) \(town.text)")
            // A period and a department narrow it; a region outside the caller's scope is refused.
            let all = try await district.call(.get, "/dashboard?region=&from=2026-01-01&to=2026-12-31&module=", headers: ConsoleTests.cookie(civil))
            #expect(all.status == .ok, "the form's empty fields filter nothing: \(all.status)")
            let medical = try await district.call(.get, "/dashboard?module=medical-aid", headers: ConsoleTests.cookie(civil))
            #expect(medical.status == .ok && Self.figure("applications", of: "civil-affairs.temporary-relief", in: medical.text) == nil)
            let townToken = try await district.token("town")
            let outside = try await district.call(.get, "/dashboard?region=\(AccessTests.otherTownGrid)", headers: ConsoleTests.cookie(townToken))
            #expect(outside.status == .forbidden, "\(outside.status)")
            let backwards = try await district.call(.get, "/dashboard?from=2026-12-31&to=2026-01-01", headers: ConsoleTests.cookie(civil))
            #expect(backwards.status == .unprocessableContent)
        }
    }
}

/// Issue 15: the printable 公示 list, the API's for the same query, and its CSV file.
@Suite("Web console: the publication list")
struct PublicationPageTests {
    @Test("the month's approvals are listed masked by village as the API lists them, printable and as a CSV file with a BOM")
    func publication() async throws {
        try await APITestDistrict.with { district in
            let household = district.district.households.filter { $0.grid == AccessTests.ownGrid }[0]
            #expect(try await CaseAPITests.decideRelief(household, costFen: 150_000, in: district).status == .ok)
            let civil = try await district.token("civil")
            let api = try await district.call(.get, "/api/v1/supervision/publication", token: civil)
            let entries = try #require(api.json["entries"] as? [[String: Any]], "\(api.text)")
            #expect(entries.count == 1)
            let page = try await district.call(.get, "/publication", headers: ConsoleTests.cookie(civil))
            #expect(page.status == .ok && page.text.contains("社会救助对象公示") && page.text.contains("临时救助"), "\(page.text.prefix(400))")
            let masked = try #require(entries[0]["idNumber"] as? String)
            #expect(page.text.contains(masked) && page.text.contains("1500.00") && page.text.contains("共 1 户（人）"))
            for member in household.members { #expect(!page.text.contains(member.idNumber.value), "a full ID number on the notice") }
            let link = try #require(page.text.firstMatch(of: /href="(\/publication\.csv\?[^"]+)"/).map { String($0.1) })
            let csv = try await district.call(.get, link.replacingOccurrences(of: "&amp;", with: "&"), headers: ConsoleTests.cookie(civil))
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.text.hasPrefix("\u{FEFF}村(社区),救助类别"))
            #expect(csv.text.contains(masked) && csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
            let medical = try await district.call(
                .get, "/publication?type=civil-affairs.temporary-relief", headers: ConsoleTests.cookie(try await district.token("medical")))
            #expect(medical.status == .forbidden, "an officer sees its own department's list only")
        }
    }
}

/// Issue 15: joint cases (一事一议) on the dashboard and on the case's page.
@Suite("Web console: joint cases")
struct JointCasePageTests {
    @Test("an open joint case is listed on the dashboard with the departments yet to answer, and its page shows each answer")
    func jointCases() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let (town, civil, medical) = (try await district.token("town"), try await district.token("civil"), try await district.token("medical"))
            let filed = try await district.call(
                .post, "/api/v1/cases", token: town,
                body: ["householdID": household.id.uuidString, "description": "重病致贫", "items": [["type": "civil-affairs.dibao"]]])
            let caseID = try #require(filed.json["id"] as? String)
            let opened = try await district.call(
                .post, "/api/v1/cases/\(caseID)/joint", token: civil,
                body: ["reason": "医疗费用超出各项政策上限", "departments": ["medical-aid", "charity"]])
            #expect(opened.status == .ok, "\(opened.text)")
            _ = try await district.call(.post, "/api/v1/cases/\(caseID)/joint/contributions", token: medical, body: ["contribution": "医疗救助按上限支付"])
            let dashboard = try await district.call(.get, "/dashboard", headers: ConsoleTests.cookie(civil))
            let list = try #require(
                dashboard.text.components(separatedBy: "id=\"joint-cases\"").dropFirst().first?.components(separatedBy: "</ul>").first)
            #expect(list.contains("/cases/\(caseID)") && list.contains("民政牵头") && list.contains("待 慈善 答复"), "\(list)")
            let page = try await district.call(.get, "/cases/\(caseID)", headers: ConsoleTests.cookie(civil))
            #expect(page.text.contains("一事一议 · 民政牵头") && page.text.contains("医疗救助按上限支付") && page.text.contains("待答复"), "\(page.text.prefix(800))")
            let education = try await district.call(.get, "/dashboard", headers: ConsoleTests.cookie(try await district.token("education")))
            #expect(!education.text.contains("/cases/\(caseID)"), "a department not taking part does not see it")
        }
    }

    @Test("district civil affairs opens a joint case from its page, each department answers there, and the lead concludes it once all have")
    func jointCaseForms() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let filed = try await district.call(
                .post, "/api/v1/cases", token: try await district.token("town"),
                body: ["householdID": household.id.uuidString, "description": "重病致贫", "items": [["type": "civil-affairs.dibao"]]])
            let casePath = "/cases/\(try #require(filed.json["id"] as? String))"
            let (civil, medical, charity) = (
                try await ConsoleCaseTests.Browser("civil", in: district), try await ConsoleCaseTests.Browser("medical", in: district),
                try await ConsoleCaseTests.Browser("charity", in: district)
            )
            #expect(try await civil.get(casePath).text.contains("id=\"joint-open\""), "the lead is offered to open joint handling")
            let townPage = try await ConsoleCaseTests.Browser("town", in: district).get(casePath)
            #expect(townPage.status == .ok && !townPage.text.contains("id=\"joint-open\""), "the town, which decides but does not lead, is not")

            let alone = try await civil.send(
                [("reason", "医疗费用超出各项政策上限"), ("department", "civil-affairs")], to: "\(casePath)/joint/open", from: casePath)
            #expect(alone.status == .unprocessableContent && alone.text.contains("请至少选择一个牵头部门以外的参与部门"), "\(alone.text)")
            #expect(alone.text.contains("医疗费用超出各项政策上限") && alone.text.contains("value=\"civil-affairs\" checked"), "the form comes back as typed")
            #expect(!alone.text.contains("id=\"live\""), "a refused form shown again does not offer to load its address again")
            let opened = try await civil.send(
                [("reason", "医疗费用超出各项政策上限"), ("department", "medical-aid"), ("department", "charity")], to: "\(casePath)/joint/open",
                from: casePath)
            #expect(opened.status == .seeOther, "\(opened.text)")
            let lead = try await civil.get(try #require(opened.headers[.location])).text
            #expect(lead.contains("已启动一事一议") && !lead.contains("id=\"joint-conclude\""), "no conclusion while departments are to answer")

            let medicalPage = try await medical.get(casePath).text
            #expect(medicalPage.contains("id=\"answer-medical-aid\"") && !medicalPage.contains("id=\"answer-charity\""), "each answers for itself")
            let noAmount = try await medical.send(
                [("module", "medical-aid"), ("contribution", "医疗救助按上限支付"), ("amount", "-5")], to: "\(casePath)/joint/answer", from: casePath)
            #expect(noAmount.status == .unprocessableContent && noAmount.text.contains("救助金额请以元为单位填写"), "\(noAmount.text)")
            #expect(noAmount.text.contains("医疗救助按上限支付"), "the answer comes back as typed")
            let answered = try await medical.send(
                [("module", "medical-aid"), ("contribution", "医疗救助按上限支付"), ("amount", "30,000")], to: "\(casePath)/joint/answer", from: casePath)
            #expect(answered.status == .seeOther, "\(answered.text)")
            let forged = try await medical.send([("module", "charity"), ("contribution", "代慈善答复")], to: "\(casePath)/joint/answer", from: casePath)
            #expect(forged.status == .forbidden, "a department cannot answer for another: \(forged.status)")
            #expect(!(try await civil.get(casePath).text.contains("id=\"joint-conclude\"")), "charity has not answered yet")

            #expect(
                try await charity.send([("module", "charity"), ("contribution", "慈善基金资助")], to: "\(casePath)/joint/answer", from: casePath).status
                    == .seeOther)
            let ready = try await civil.get(casePath).text
            #expect(ready.contains("医疗救助按上限支付（¥30,000.00）") && ready.contains("id=\"joint-conclude\""), "\(ready.prefix(600))")
            let concluded = try await civil.send([("conclusion", "医保兜底，慈善补充，民政纳入低保")], to: "\(casePath)/joint/conclude", from: casePath)
            #expect(concluded.status == .seeOther)
            let done = try await civil.get(try #require(concluded.headers[.location]))
            #expect(done.text.contains("一事一议已办结") && done.text.contains("结论：医保兜底，慈善补充，民政纳入低保") && !done.text.contains("id=\"joint-conclude\""))
            #expect(done.text.contains("<a href=\"\(casePath)\">刷新页面</a>"), "the live banner loads the case again, without the notice")
            let chain = try await district.pool.query(
                "SELECT count(*) AS n FROM assistance_event WHERE household_id = \(household.id) AND kind LIKE 'joint.%'")[0].decode(
                    "n", as: Int.self)
            #expect(chain == 4, "opened, two answers and the conclusion are in the chain")
        }
    }
}
