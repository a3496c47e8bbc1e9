import Foundation
import HTTPTypes
import SafetyNetConsole
import Testing

/// Issue 15: the console's pages over the real TLS server, as a browser sends them: cookies,
/// form tokens, forms; the permission checks are the API's.
@Suite("Web console: sessions, form tokens, and the household page's visit form")
struct ConsoleTests {
    static func cookie(_ token: String) -> HTTPFields { [.cookie: "__Host-safetynet_session=\(token)"] }

    /// The form token a page's forms carry.
    static func formToken(in page: String) throws -> String {
        try #require(page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) }, "no form token in the page")
    }

    /// `fields` as a form body, with its content type.
    static func form(_ fields: [(String, String)], cookie: String) -> (body: String, headers: HTTPFields) {
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return (body, [.contentType: "application/x-www-form-urlencoded", .cookie: cookie])
    }

    /// The `Set-Cookie` field of `reply` setting `name`.
    static func setCookie(_ name: String, in reply: APITestDistrict.Reply) -> String? {
        reply.headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
    }

    @Test("the sign-in form signs in with a session cookie only same-site HTTPS requests carry; a wrong password or a forged form signs nobody in")
    func signIn() async throws {
        try await APITestDistrict.with { district in
            let unsigned = try await district.call(.get, "/")
            #expect(unsigned.status == .seeOther && unsigned.headers[.location] == "/signin")
            let form = try await district.call(.get, "/signin")
            #expect(form.status == .ok && form.text.contains("账号") && form.text.contains("密码"))
            let policy = try #require(form.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'") && !policy.contains("unsafe-inline") && policy.contains("script-src 'self';"))
            #expect(
                !form.text.contains("<script>") && !form.text.contains("/console.js"),
                "the sign-in page has no script; signed-in pages load /console.js only")
            let script = try await district.call(.get, "/console.js")
            #expect(
                script.status == .ok && script.headers[.contentType]?.hasPrefix("text/javascript") == true && script.text.contains("/api/v1/events"))
            let signInCookie = try #require(Self.setCookie("__Host-safetynet_signin", in: form))
            let token = try Self.formToken(in: form.text)
            #expect(signInCookie.hasPrefix("__Host-safetynet_signin=\(token);"))

            let forged = Self.form([("csrf", "0000"), ("login", "grid"), ("password", "safetynet-demo")], cookie: "__Host-safetynet_signin=\(token)")
            let refused = try await district.call(.post, "/signin", body: forged.body, headers: forged.headers)
            #expect(refused.status == .forbidden && Self.setCookie("__Host-safetynet_session", in: refused) == nil)
            let wrong = Self.form([("csrf", token), ("login", "grid"), ("password", "wrong")], cookie: "__Host-safetynet_signin=\(token)")
            let denied = try await district.call(.post, "/signin", body: wrong.body, headers: wrong.headers)
            #expect(
                denied.status == .unauthorized && denied.text.contains("账号或密码错误") && Self.setCookie("__Host-safetynet_session", in: denied) == nil)
            // The form shown again keeps the browser's token; a cookie that is not 32 bytes in hex gets a new one.
            #expect(try Self.formToken(in: denied.text) == token)
            let mangled = String(token.prefix(32)) + "-" + String(token.dropFirst(32))
            let renewed = try Self.formToken(
                in: try await district.call(.get, "/signin", headers: [.cookie: "__Host-safetynet_signin=\(mangled)"]).text)
            #expect(renewed != token && renewed.count == 64 && renewed.allSatisfy { "0123456789abcdef".contains($0) }, "\(renewed)")

            let right = Self.form([("csrf", token), ("login", "grid"), ("password", "safetynet-demo")], cookie: "__Host-safetynet_signin=\(token)")
            let signedIn = try await district.call(.post, "/signin", body: right.body, headers: right.headers)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/")
            let session = try #require(Self.setCookie("__Host-safetynet_session", in: signedIn))
            for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] { #expect(session.contains(flag), "\(session)") }
            let secret = try #require(session.firstMatch(of: /__Host-safetynet_session=([^;]+)/).map { String($0.1) })
            let workbench = try await district.call(.get, "/", headers: Self.cookie(secret))
            #expect(workbench.status == .ok && workbench.text.contains("工作台") && workbench.text.contains("网格员"), "\(workbench.text)")
            // The cookie's token is a session like any other: the API takes it as a bearer token.
            #expect(try await district.call(.get, "/api/v1/me", token: secret).json["login"] as? String == "grid")
        }
    }

    @Test(
        "a visit sent through the household page is stored once; without the page's form token, or in the future, nothing is; other towns' households are refused; signing out ends the session"
    )
    func visitForm() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("grid")
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let path = "/households/\(household.id.uuidString)"
            let page = try await district.call(.get, path, headers: Self.cookie(token))
            #expect(page.status == .ok && page.text.contains(household.address.replacingOccurrences(of: "\"", with: "&quot;")), "\(page.text)")
            #expect(page.text.contains("记录走访") && page.text.contains("救助链"))
            for member in household.members {
                #expect(!page.text.contains(member.idNumber.value), "a member's full ID number is on the page")
            }
            let formToken = try Self.formToken(in: page.text)
            @Sendable func visits() async throws -> Int {
                try await district.pool.query("SELECT count(*) AS n FROM visit WHERE household_id = \(household.id)")[0].decode("n")
            }
            let before = try await visits()
            let hourAgo = ChineseFormat.localInput(Date().addingTimeInterval(-3_600))
            let fields = [("kind", "home"), ("visitedAt", hourAgo), ("findings", "户主腿伤未愈，需要医疗救助"), ("needs", "medical")]

            let forged = Self.form([("csrf", String(repeating: "0", count: 64))] + fields, cookie: "__Host-safetynet_session=\(token)")
            let refused = try await district.call(.post, "\(path)/visits", body: forged.body, headers: forged.headers)
            #expect(refused.status == .forbidden && refused.text.contains("表单已过期"))
            let future = Self.form(
                [("csrf", formToken), ("kind", "home"), ("visitedAt", "2099-01-01T10:00"), ("findings", "未来")],
                cookie: "__Host-safetynet_session=\(token)")
            let early = try await district.call(.post, "\(path)/visits", body: future.body, headers: future.headers)
            #expect(early.status == .unprocessableContent && early.text.contains("走访时间") && early.text.contains(">未来</textarea>"))
            #expect(try await visits() == before)

            let sent = Self.form([("csrf", formToken)] + fields, cookie: "__Host-safetynet_session=\(token)")
            let recorded = try await district.call(.post, "\(path)/visits", body: sent.body, headers: sent.headers)
            let location = try #require(recorded.headers[.location])
            #expect(recorded.status == .seeOther && location.hasPrefix("\(path)?saved=visit&visit=") && location.hasSuffix("&need=medical"))
            #expect(try await visits() == before + 1)
            let stored = try await district.pool.query(
                "SELECT findings, needs::text AS needs FROM visit WHERE household_id = \(household.id) ORDER BY recorded_at DESC LIMIT 1")[0]
            #expect(try stored.decode("findings", as: String.self) == "户主腿伤未愈，需要医疗救助")
            #expect(try stored.decode("needs", as: String.self) == "{medical}")
            let after = try await district.call(.get, location, headers: Self.cookie(token))
            #expect(after.text.contains("走访记录已保存") && after.text.contains("户主腿伤未愈"))
            // The referral form starts from the visit: its need chosen, the visit named.
            #expect(after.text.contains(#"<option value="medical" selected>"#) && after.text.contains(#"name="visitID""#))

            let elsewhere = try district.household(inGrid: AccessTests.otherTownGrid)
            let foreign = try await district.call(.get, "/households/\(elsewhere.id.uuidString)", headers: Self.cookie(token))
            #expect(foreign.status == .forbidden && foreign.text.contains("没有权限") && !foreign.text.contains(elsewhere.address))
            let unknown = try await district.call(.get, "/households/\(UUID().uuidString)", headers: Self.cookie(token))
            #expect(unknown.status == .notFound && unknown.text.contains("未找到"))

            // A form no browser sends: broken percent-encoding is refused, and changes nothing.
            let broken = try await district.call(
                .post, "\(path)/visits", body: "csrf=\(formToken)&kind=home&findings=%E6%",
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "__Host-safetynet_session=\(token)"])
            #expect(broken.status == .badRequest && broken.text.contains("请求有误"))
            #expect(try await visits() == before + 1)

            let out = Self.form([("csrf", formToken)], cookie: "__Host-safetynet_session=\(token)")
            let signedOut = try await district.call(.post, "/signout", body: out.body, headers: out.headers)
            #expect(signedOut.status == .seeOther && signedOut.headers[.location] == "/signin")
            #expect(try await district.call(.get, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("a department answers a referral through its page with the API's checks: another department may not, and a decline needs its basis")
    func referralAnswer() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let sent = try await district.call(
                .post, "/api/v1/referrals", token: try await district.token("grid"),
                body: ["householdID": household.id.uuidString, "need": "medical", "module": "medical-aid", "description": "慢病用药负担重"])
            let id = try #require(sent.json["id"] as? String, "\(sent.text)")
            let path = "/referrals/\(id)"

            let education = try await district.call(.get, path, headers: Self.cookie(try await district.token("education")))
            #expect(education.status == .forbidden || education.status == .notFound, "\(education.status)")
            #expect(!education.text.contains("慢病用药负担重"))

            let medical = try await district.token("medical")
            let inbox = try await district.call(.get, "/referrals", headers: Self.cookie(medical))
            #expect(inbox.text.contains("慢病用药负担重") && inbox.text.contains("待接收"))
            let page = try await district.call(.get, path, headers: Self.cookie(medical))
            for action in ["accept", "resolve", "decline", "hand_back"] { #expect(page.text.contains(#"id="answer-\#(action)""#), "\(action)") }
            let formToken = try Self.formToken(in: page.text)
            let cookie = "__Host-safetynet_session=\(medical)"

            let unfounded = Self.form([("csrf", formToken), ("text", "已由门诊慢病待遇覆盖"), ("basis", "")], cookie: cookie)
            let refused = try await district.call(.post, "\(path)/decline", body: unfounded.body, headers: unfounded.headers)
            #expect(refused.status == .unprocessableContent && refused.text.contains("依据"))
            #expect(refused.text.contains(">已由门诊慢病待遇覆盖</textarea>"), "the refused answer was not kept")
            let answer = Self.form([("csrf", formToken), ("text", "已纳入门诊慢病保障")], cookie: cookie)
            let resolved = try await district.call(.post, "\(path)/resolve", body: answer.body, headers: answer.headers)
            #expect(resolved.status == .seeOther && resolved.headers[.location] == "\(path)?answered=resolve")
            let state = try await district.call(.get, "/api/v1/referrals/\(id)", token: medical)
            #expect(state.json["state"] as? String == "resolved" && (state.json["answer"] as? [String: Any])?["text"] as? String == "已纳入门诊慢病保障")
            // Answered, it offers no more answers, and answering again is refused.
            let after = try await district.call(.get, path, headers: Self.cookie(medical))
            #expect(!after.text.contains(#"class="panel answer""#))
            let again = try await district.call(.post, "\(path)/resolve", body: answer.body, headers: answer.headers)
            #expect(again.status == .conflict && again.text.contains("状态已变化"))
        }
    }

    @Test("the sent box pages through what a grid worker sent, newest first, in the API and on the page")
    func sentBoxPages() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let grid = try await district.token("grid")
            for number in 1...52 {
                let sent = try await district.call(
                    .post, "/api/v1/referrals", token: grid,
                    body: ["householdID": household.id.uuidString, "need": "medical", "module": "medical-aid", "description": "第\(number)次转办"])
                #expect(sent.status == .created, "\(sent.text)")
            }
            let first = try await district.call(.get, "/api/v1/referrals?box=sent&limit=2", token: grid)
            let second = try await district.call(.get, "/api/v1/referrals?box=sent&limit=2&offset=2", token: grid)
            let descriptions = { (reply: APITestDistrict.Reply) in
                (reply.json["items"] as? [[String: Any]])?.compactMap { $0["description"] as? String }
            }
            #expect(descriptions(first) == ["第52次转办", "第51次转办"] && descriptions(second) == ["第50次转办", "第49次转办"], "\(first.text)")

            let page = try await district.call(.get, "/referrals", headers: Self.cookie(grid))
            #expect(page.text.contains("第52次转办") && page.text.contains("第3次转办") && !page.text.contains("第2次转办"), "50 a page, newest first")
            #expect(page.text.contains(#"href="/referrals?offset=50#sent" rel="next" id="sent-older""#) && !page.text.contains("sent-newer"))
            let older = try await district.call(.get, "/referrals?offset=50", headers: Self.cookie(grid))
            #expect(older.text.contains("第2次转办") && older.text.contains("第1次转办") && !older.text.contains("第3次转办"))
            #expect(older.text.contains(#"href="/referrals#sent" rel="prev" id="sent-newer""#) && !older.text.contains("sent-older"))
            let beyond = try await district.call(.get, "/referrals?offset=100", headers: Self.cookie(grid))
            #expect(beyond.text.contains("这一页没有转办") && !beyond.text.contains("还没有发出转办"))
        }
    }

    @Test("an alert opened from the workbench shows the department's data in Chinese, and the look in the field verifies it once")
    func alertVerification() async throws {
        try await APITestDistrict.with { district in
            let household = try await AlertAPITests.household(district, order: 61, born: [1958])
            let rows = [AlertAPITests.settlementHeader, AlertAPITests.settlement(household.idNumbers[0], yuan: 60000)]
            _ = try await AlertAPITests.upload(district, feed: "medical-aid.settlements", batch: "console", csv: rows, as: "medical")
            let alert = try #require(try await AlertAPITests.alerts(district, "household=\(household.id)", as: "grid").first)
            let id = try #require(alert["id"] as? String)
            let grid = try await district.token("grid")

            let workbench = try await district.call(.get, "/", headers: Self.cookie(grid))
            #expect(workbench.text.contains("href=\"/alerts/\(id)\""), "the workbench does not lead to the alert")
            let page = try await district.call(.get, "/alerts/\(id)", headers: Self.cookie(grid))
            #expect(page.status == .ok && page.text.contains("红色") && page.text.contains("¥60,000.00") && page.text.contains("¥50,000.00"))
            #expect(page.text.contains("自付") && page.text.contains("2026年11月3日"), "the row's values are not labelled and written in Chinese")
            #expect(page.text.contains("入户核实"))

            let formToken = try Self.formToken(in: page.text)
            let cookie = "__Host-safetynet_session=\(grid)"
            let early = Self.form(
                [
                    ("csrf", formToken), ("kind", "home"), ("visitedAt", ChineseFormat.localInput(Date().addingTimeInterval(-86_400))),
                    ("findings", "前一天的走访"),
                ], cookie: cookie)
            let before = try await district.call(.post, "/alerts/\(id)/verification", body: early.body, headers: early.headers)
            #expect(before.status == .unprocessableContent && before.text.contains("预警发出之后"), "\(before.status)")
            // A textarea's line break arrives as CR LF and is kept as a plain newline.
            let look = Self.form(
                [("csrf", formToken), ("kind", "home"), ("visitedAt", ChineseFormat.localInput(Date())), ("findings", "户主住院，\r\n家中无收入")],
                cookie: cookie)
            let verified = try await district.call(.post, "/alerts/\(id)/verification", body: look.body, headers: look.headers)
            #expect(verified.status == .seeOther && verified.headers[.location] == "/alerts/\(id)?verified", "\(verified.text)")
            let state = try await district.call(.get, "/api/v1/alerts/\(id)", token: grid)
            #expect(state.json["status"] as? String == "verified")
            #expect((state.json["verification"] as? [String: Any])?["findings"] as? String == "户主住院，\n家中无收入")
            let again = try await district.call(.post, "/alerts/\(id)/verification", body: look.body, headers: look.headers)
            #expect(again.status == .conflict)
            let after = try await district.call(.get, "/alerts/\(id)?verified", headers: Self.cookie(grid))
            #expect(after.text.contains("户主住院，") && !after.text.contains(#"id="visit-form""#))
        }
    }

    @Test("the overdue list shows what the API's gives, and exports it as CSV with a BOM that Excel in Chinese opens")
    func overdueList() async throws {
        try await APITestDistrict.with { district in
            _ = try await CaseAPITests.acceptDibao(in: district)
            try await district.pool.query("UPDATE deadline SET due_at = now() - interval '3 days' WHERE kind = 'investigation'")
            let town = try await district.token("town")
            let api = try await district.call(.get, "/api/v1/supervision/overdue", token: town)
            let items = try #require(api.json["items"] as? [[String: Any]], "\(api.text)")
            #expect(items.count == 1)

            let page = try await district.call(.get, "/overdue", headers: Self.cookie(town))
            #expect(page.status == .ok && page.text.contains("入户调查") && page.text.contains("逾期3天") && page.text.contains("超期清单"))
            #expect(page.text.components(separatedBy: "<tr>").count - 2 == items.count, "one row per limit the API lists")

            let file = try await district.call(.get, "/overdue.csv", headers: Self.cookie(town))
            #expect(file.status == .ok && file.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(file.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(file.text.hasPrefix("\u{FEFF}时限,到期时间,逾期,部门,网格,事项,户编号\r\n"), "\(file.text.prefix(80))")
            #expect(file.text.split(separator: "\r\n").count == 2 && file.text.contains("入户调查"))
            // An officer sees the limits of its own department only, as through the API.
            let employment = try await district.call(.get, "/overdue.csv", headers: Self.cookie(try await district.token("employment")))
            #expect(employment.status == .ok && employment.text.split(separator: "\r\n").count == 1, "\(employment.text)")
        }
    }
}
