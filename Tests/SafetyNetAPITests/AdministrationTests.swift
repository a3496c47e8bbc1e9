import DemoDistrict
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// Issue 15: the admin's accounts and the auditor's log, through the API and the console.
@Suite("Accounts and the audit log: the admin's and the auditor's pages")
struct AdministrationTests {
    static let grid = AccessTests.ownGrid.value

    @Test("the admin creates an account, resets its password (its sessions end) and disables it (its credentials stop); others may not")
    func accountsThroughTheAPI() async throws {
        try await APITestDistrict.with { district in
            let admin = try await district.token("admin")
            let body: [String: Any] = [
                "login": "wang.grid2", "displayName": "王二网格", "role": "grid_worker", "scope": Self.grid, "password": "first-password-1",
            ]
            let created = try await district.call(.post, "/api/v1/users", token: admin, body: body)
            #expect(created.status == .created && created.json["login"] as? String == "wang.grid2", "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(try await district.call(.post, "/api/v1/users", token: admin, body: body).json["code"] as? String == "login_taken")
            var weak = body
            (weak["login"], weak["password"]) = ("wang.grid3", "short")
            let refused = try await district.call(.post, "/api/v1/users", token: admin, body: weak)
            #expect(refused.status == .unprocessableContent && refused.json["field"] as? String == "password", "\(refused.text)")
            #expect(try await district.call(.get, "/api/v1/users", token: try await district.token("town")).status == .forbidden)

            let signIn = { (password: String) in
                try await district.call(.post, "/api/v1/sessions", body: ["login": "wang.grid2", "password": password])
            }
            let session = try #require(try await signIn("first-password-1").json["token"] as? String)
            let reset = try await district.call(.post, "/api/v1/users/\(id)/password", token: admin, body: ["password": "second-password-2"])
            #expect(reset.status == .noContent, "\(reset.text)")
            #expect(try await district.call(.get, "/api/v1/me", token: session).status == .unauthorized, "the old session ended")
            #expect(try await signIn("first-password-1").status == .unauthorized)
            let second = try #require(try await signIn("second-password-2").json["token"] as? String)

            let disabled = try await district.call(.post, "/api/v1/users/\(id)/disable", token: admin, body: ["note": "调离岗位"])
            #expect(disabled.status == .noContent, "\(disabled.text)")
            #expect(try await district.call(.get, "/api/v1/me", token: second).status == .unauthorized, "a disabled account's token stops")
            #expect(try await signIn("second-password-2").status == .unauthorized)
            let listed = try await district.call(.get, "/api/v1/users?role=grid_worker&disabled=true", token: admin)
            let entry = try #require((listed.json["items"] as? [[String: Any]])?.first { $0["login"] as? String == "wang.grid2" })
            #expect(entry["disabledAt"] != nil && entry["lastSignInAt"] != nil)
            #expect(
                try await district.call(.get, "/api/v1/users", token: admin).text.contains("wang.grid2") == false, "disabled ones hidden by default")
            let again = try await district.call(.post, "/api/v1/users/\(id)/disable", token: admin, body: ["note": "重复操作"])
            #expect(again.status == .noContent, "disabling a disabled account changes nothing")
            #expect(try await district.call(.post, "/api/v1/users/\(id)/enable", token: admin, body: ["note": "返岗"]).status == .noContent)
            #expect(try await district.call(.get, "/api/v1/me", token: second).status == .unauthorized, "enabling gives no session back")
            #expect(try await signIn("second-password-2").status == .created)

            let me = try await district.call(.get, "/api/v1/me", token: admin)
            let selfDisable = try await district.call(
                .post, "/api/v1/users/\(try #require(me.json["id"] as? String))/disable", token: admin, body: ["note": "误操作"])
            #expect(selfDisable.status == .conflict && selfDisable.json["code"] as? String == "cannot_disable_self", "\(selfDisable.text)")

            let audit = try await district.call(.get, "/api/v1/audit?action=user&entityID=\(id)", token: try await district.token("auditor"))
            let actions = try #require(audit.json["items"] as? [[String: Any]], "\(audit.text)").compactMap { $0["action"] as? String }
            #expect(
                actions == ["user.enable", "user.disable", "user.password_reset", "user.create"], "\(actions): a repeated disable is not audited")
            #expect(!audit.text.contains("second-password-2") && !audit.text.contains("first-password-1"), "no password in the log")
        }
    }

    @Test("an admin changes only the accounts within its scope; others may change none; unknown accounts and a system's password are refused")
    func scopeAndRefusals() async throws {
        try await APITestDistrict.with { district in
            let admin = try await district.token("admin")
            let townCode = AccessTests.ownGrid.parent!.parent!.value
            let created = try await district.call(
                .post, "/api/v1/users", token: admin,
                body: ["login": "town.admin", "displayName": "镇管理员", "role": "admin", "scope": townCode, "password": "town-admin-pass"])
            #expect(created.status == .created, "\(created.text)")
            let townAdmin = try #require(
                try await district.call(.post, "/api/v1/sessions", body: ["login": "town.admin", "password": "town-admin-pass"]).json["token"]
                    as? String)
            let me = try await district.call(.get, "/api/v1/me", token: admin)
            let districtAdmin = try #require(me.json["id"] as? String)
            let reset = try await district.call(
                .post, "/api/v1/users/\(districtAdmin)/password", token: townAdmin, body: ["password": "taken-over-1"])
            #expect(reset.status == .forbidden, "a town's admin may not reset the district admin's password: \(reset.text)")
            let listed = try await district.call(.get, "/api/v1/users", token: townAdmin)
            let logins = try #require(listed.json["items"] as? [[String: Any]]).compactMap { $0["login"] as? String }
            #expect(logins.contains("grid") && logins.contains("town") && !logins.contains("admin") && !logins.contains("civil"), "\(logins)")
            let elsewhere = try await district.call(
                .post, "/api/v1/users", token: townAdmin,
                body: [
                    "login": "far.grid", "displayName": "外镇", "role": "grid_worker", "scope": AccessTests.otherTownGrid.value,
                    "password": "far-grid-pass",
                ])
            #expect(elsewhere.status == .forbidden)

            let unknown = UUID().uuidString
            #expect(try await district.call(.post, "/api/v1/users/\(unknown)/disable", token: admin, body: ["note": "x"]).status == .notFound)
            for login in ["town", "medical", "grid", "auditor"] {
                let token = try await district.token(login)
                let refused = try await district.call(.post, "/api/v1/users/\(districtAdmin)/disable", token: token, body: ["note": "x"])
                #expect(refused.status == .forbidden, "\(login) changed an account")
            }
            let machine = try await district.call(
                .post, "/api/v1/users", token: admin,
                body: [
                    "login": "hospital.his", "displayName": "医院系统", "role": "department_officer", "scope": DemoDistrictGenerator.districtCode.value,
                    "department": "medical-aid",
                ])
            let machineID = try #require(machine.json["id"] as? String, "\(machine.text)")
            let noPassword = try await district.call(
                .post, "/api/v1/users/\(machineID)/password", token: admin, body: ["password": "some-password-1"])
            #expect(noPassword.status == .conflict && noPassword.json["code"] as? String == "machine_has_no_password")
        }
    }

    @Test("the audit log pages by entry number, filters, verifies its chain, and is for auditors and the admin only")
    func auditLog() async throws {
        try await APITestDistrict.with { district in
            let auditor = try await district.token("auditor")
            let first = try await district.call(.get, "/api/v1/audit?limit=2", token: auditor)
            let items = try #require(first.json["items"] as? [[String: Any]], "\(first.text)")
            let before = try #require(first.json["nextBefore"] as? Int)
            #expect(items.count == 2 && items[0]["seq"] as? Int ?? 0 > items[1]["seq"] as? Int ?? 0 && before == items[1]["seq"] as? Int)
            var seen = items.compactMap { $0["seq"] as? Int }
            var cursor: Int? = before
            while let page = cursor {
                let next = try await district.call(.get, "/api/v1/audit?limit=50&before=\(page)", token: auditor)
                seen += try #require(next.json["items"] as? [[String: Any]]).compactMap { $0["seq"] as? Int }
                cursor = next.json["nextBefore"] as? Int
            }
            let total = try await district.pool.query("SELECT count(*) AS n FROM audit_log")[0].decode("n", as: Int.self)
            #expect(seen == seen.sorted(by: >) && Set(seen).count == seen.count && seen.count == total, "every entry once, newest first")
            let verification = try await district.call(.get, "/api/v1/audit/verification", token: auditor)
            #expect(verification.json["intact"] as? Bool == true && verification.json["entries"] as? Int ?? 0 > 0, "\(verification.text)")
            #expect(try await district.call(.get, "/api/v1/audit", token: try await district.token("town")).status == .forbidden)
            #expect(try await district.call(.get, "/api/v1/audit/verification", token: try await district.token("medical")).status == .forbidden)
            #expect(try await district.call(.get, "/api/v1/audit?limit=1", token: try await district.token("admin")).status == .ok)
            let bad = try await district.call(.get, "/api/v1/audit?from=yesterday", token: auditor)
            #expect(bad.status == .unprocessableContent && bad.json["field"] as? String == "from")

            // The page's search form sends every field, the empty ones too: they filter nothing.
            let page = try await district.call(
                .get, "/audit?action=user&entity=&entityID=&actor=&from=&to=&verify=true", headers: ConsoleTests.cookie(auditor))
            #expect(page.status == .ok && page.text.contains("创建账号") && page.text.contains("审计链完整"), "\(page.text)")
            #expect(page.text.components(separatedBy: "<form method=\"post\"").count == 2, "read-only: no form but sign-out's")
            #expect(try await district.call(.get, "/audit", headers: ConsoleTests.cookie(try await district.token("grid"))).status == .forbidden)
        }
    }

    @Test("the admin's page creates an account with the form token, keeps the form but never the password when refused, and disables one")
    func usersPage() async throws {
        try await APITestDistrict.with { district in
            let admin = try await ConsoleCaseTests.Browser("admin", in: district)
            let page = try await admin.get("/admin/users")
            #expect(page.status == .ok && page.text.contains("id=\"user-grid\"") && page.text.contains("王网格"), "\(page.text)")
            let weak = try await admin.send(
                [
                    ("login", "li.town2"), ("displayName", "李二"), ("role", "town"), ("scope", "220202001000"), ("department", ""),
                    ("password", "short"),
                ],
                to: "/admin/users", from: "/admin/users")
            #expect(weak.status == .unprocessableContent && weak.text.contains("密码至少10位") && weak.text.contains("value=\"li.town2\""))
            #expect(!weak.text.contains("short"), "a refused password is not sent back")
            let created = try await admin.send(
                [
                    ("login", "li.town2"), ("displayName", "李二"), ("role", "town"), ("scope", "220202001000"), ("department", ""),
                    ("password", "town-password-9"),
                ],
                to: "/admin/users", from: "/admin/users")
            #expect(created.status == .seeOther && created.headers[.location] == "/admin/users?done=created", "\(created.text)")
            let listed = try await admin.get("/admin/users?done=created")
            #expect(listed.text.contains("账号已创建") && listed.text.contains("id=\"user-li.town2\""))
            let id = try #require(
                listed.text.firstMatch(of: /action="\/admin\/users\/([0-9A-F-]{36})\/disable" class="panel" id="switch-li.town2"/).map {
                    String($0.1)
                })
            let disabled = try await admin.send([("note", "调离")], to: "/admin/users/\(id)/disable", from: "/admin/users")
            #expect(disabled.status == .seeOther)
            let login = try await district.call(.post, "/api/v1/sessions", body: ["login": "li.town2", "password": "town-password-9"])
            #expect(login.status == .unauthorized)
            let forged = ConsoleTests.form([("csrf", "00"), ("note", "x")], cookie: "__Host-safetynet_session=\(admin.token)")
            let refused = try await district.call(.post, "/admin/users/\(id)/enable", body: forged.body, headers: forged.headers)
            #expect(refused.status == .forbidden)
            #expect(
                try await admin.district.call(.get, "/admin/users", headers: ConsoleTests.cookie(try await district.token("town"))).status
                    == .forbidden)
        }
    }
}

/// Issue 15: the working calendar's page and the admin's form that loads a year.
@Suite("Web console: the working calendar")
struct CalendarPageTests {
    @Test("a year's months show holidays and weekend working days written out; the admin loads a year as the API would, refused days named")
    func loadYear() async throws {
        try await APITestDistrict.with { district in
            let admin = try await ConsoleCaseTests.Browser("admin", in: district)
            let page = try await admin.get("/admin/calendar?year=2026")
            #expect(page.status == .ok && page.text.contains("工作日历 · 2026年") && page.text.contains("已发布"), "\(page.text.prefix(400))")
            // 2026-10-01 is a holiday (a Thursday), 2026-09-20 a Sunday worked in exchange.
            #expect(
                page.text.contains(#"<td class="holiday">1<small>休</small></td>"#) && page.text.contains(#"<td class="work">20<small>班</small></td>"#)
            )
            let town = try await ConsoleCaseTests.Browser("town", in: district).get("/admin/calendar?year=2026")
            #expect(town.status == .ok && !town.text.contains("calendar-form"), "anyone reads the calendar; only the admin loads it")

            let wrong = try await admin.send(
                [("holidays", "2027-01-01\n2027-13-01"), ("workingDays", ""), ("published", "true"), ("note", "国务院办公厅通知")],
                to: "/admin/calendar/2027", from: "/admin/calendar?year=2027")
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("无法识别的日期：2027-13-01"), "\(wrong.text.prefix(600))")
            #expect(wrong.text.contains("2027-01-01\n2027-13-01"), "the form comes back as typed")
            #expect(wrong.text.contains(#"name="published" value="true" checked"#), "the published tick comes back too")
            let weekday = try await admin.send(
                [("holidays", "2027-01-01"), ("workingDays", "2027-01-04"), ("note", "草案")], to: "/admin/calendar/2027",
                from: "/admin/calendar?year=2027")
            #expect(weekday.status == .unprocessableContent && weekday.text.contains("2027-01-04 是工作日"))
            let loaded = try await admin.send(
                [("holidays", "2027-01-01, 2027-10-01、2027-10-04"), ("workingDays", "2027-10-09"), ("published", "true"), ("note", "国务院办公厅通知")],
                to: "/admin/calendar/2027", from: "/admin/calendar?year=2027")
            #expect(loaded.status == .seeOther && loaded.headers[.location]?.hasPrefix("/admin/calendar?year=2027&loaded=") == true, "\(loaded.text)")
            let year = try await district.call(.get, "/api/v1/calendar/2027", token: admin.token)
            #expect(year.json["published"] as? Bool == true && year.json["holidays"] as? [String] == ["2027-01-01", "2027-10-01", "2027-10-04"])
            #expect(year.json["workingDays"] as? [String] == ["2027-10-09"], "\(year.text)")
        }
    }
}

/// Issue 15: taking an account's access away reaches its open push channel too.
@Suite("Push channel after a disable")
struct RevokedSubscriberTests {
    @Test("a subscriber whose account is disabled receives no further event: the server closes its socket")
    func disabledSubscriberIsCut() async throws {
        try await APITestDistrict.with { district in
            let admin = try await district.token("admin")
            let created = try await district.call(
                .post, "/api/v1/users", token: admin,
                body: [
                    "login": "watcher", "displayName": "监看", "role": "grid_worker", "scope": AccessTests.ownGrid.value,
                    "password": "watcher-password",
                ])
            let id = try #require(created.json["id"] as? String, "\(created.text)")
            let token = try #require(
                try await district.call(.post, "/api/v1/sessions", body: ["login": "watcher", "password": "watcher-password"]).json["token"]
                    as? String)
            let frames = Mutex<[String]>([])
            let session = EventPushTests.connect(port: district.port, token: token) { text in
                frames.withLock { $0.append(text) }
                return false
            }
            try await Task.sleep(for: .seconds(1))
            #expect(frames.withLock { $0.first?.contains("\"subscribed\"") } == true, "the subscription is in place")
            let disabled = try await district.call(.post, "/api/v1/users/\(id)/disable", token: admin, body: ["note": "离岗"])
            #expect(disabled.status == .noContent)
            try await Task.sleep(for: .seconds(3))
            let visit = try await district.call(
                .post, "/api/v1/visits", token: try await district.token("town"),
                body: AccessTests.visit(try district.household(inGrid: AccessTests.ownGrid).id.uuidString))
            #expect(visit.status == .created, "\(visit.text)")
            let closed = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    _ = try? await session.value  // ends when the server closes the socket
                    return true
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(10))
                    session.cancel()  // the server kept it open: end it here, so that the test fails rather than waits
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            session.cancel()
            #expect(closed, "the server did not close the disabled account's socket")
            #expect(frames.withLock { $0.count } == 1, "an event reached the disabled account: \(frames.withLock { $0 })")
        }
    }
}

/// Issue 15: the district settings' page and the admin's changes.
@Suite("Web console: district settings")
struct SettingsPageTests {
    @Test("the settings show in Chinese with their ranges; a change is a new version, refused with the setting named when out of order")
    func changeSettings() async throws {
        try await APITestDistrict.with { district in
            let admin = try await ConsoleCaseTests.Browser("admin", in: district)
            let page = try await admin.get("/admin/settings")
            #expect(page.status == .ok && page.text.contains("城乡低保标准") && page.text.contains("¥720.00"), "\(page.text.prefix(500))")
            #expect(page.text.contains("医疗保障·预警线"), "the alert lines have their own heading")
            #expect(page.text.components(separatedBy: "name=\"value.district.dibaoStandardFen\"").count == 2, "each setting once")
            let version = try #require(page.text.firstMatch(of: /name="version" value="([0-9]+)"/).map { String($0.1) })
            let key = "district.dibaoStandardFen"
            let red = "medical-aid.alert.selfPaidRedFen"
            let send = { (fields: [(String, String)]) in
                try await admin.send([("version", version)] + fields, to: "/admin/settings", from: "/admin/settings")
            }
            let outOfOrder = try await send([("value.\(red)", "100.00"), ("note", "调整")])
            #expect(outOfOrder.status == .unprocessableContent && outOfOrder.text.contains("不能低于较低等级的预警线"), "\(outOfOrder.status)")
            #expect(outOfOrder.text.contains(#"name="value.medical-aid.alert.selfPaidRedFen" value="100.00""#), "the form comes back as typed")
            #expect(outOfOrder.text.contains(#"id="setting-medical-aid.alert.selfPaidRedFen" class=" at-fault""#), "the row at fault is marked")
            let nonsense = try await send([("value.\(key)", "七百"), ("note", "调整")])
            #expect(nonsense.status == .unprocessableContent && nonsense.text.contains("区级标准·城乡低保标准"))
            // The whole form as the page renders it, nothing changed: no version is stored.
            let rendered = page.text.matches(of: /name="(value\.[^"]+)" value="([^"]*)"/).map { (String($0.1), String($0.2)) }
            #expect(rendered.count > 50)
            let untouched = try await send(rendered + [("note", "未改")])
            #expect(untouched.status == .unprocessableContent && untouched.text.contains("没有修改任何设置"), "\(untouched.status)")

            let saved = try await send([("value.\(key)", "800.00"), ("note", "2027年城乡低保标准调整")])
            let next = (Int(version) ?? 0) + 1
            #expect(saved.status == .seeOther && saved.headers[.location] == "/admin/settings?saved=\(next)", "\(saved.text.prefix(300))")
            let settings = try await district.call(.get, "/api/v1/settings", token: admin.token)
            let entry = try #require((settings.json["items"] as? [[String: Any]])?.first { $0["key"] as? String == key })
            #expect(entry["value"] as? Int == 80_000 && settings.json["version"] as? Int == next)
            let shown = try await admin.get("/admin/settings?saved=\(next)")
            #expect(shown.text.contains("¥800.00") && shown.text.contains("2027年城乡低保标准调整") && shown.text.contains("name=\"reset.\(key)\""))
            #expect(shown.text.contains("区级标准·城乡低保标准（元/人·月）：¥800.00"), "the history writes amounts in yuan")
            // A form of the version before would undo that change: refused, the values in force shown.
            let stale = try await send([("value.\(key)", "720.00"), ("value.\(red)", "60000.00"), ("note", "旧页面")])
            #expect(stale.status == .unprocessableContent && stale.text.contains("已被他人修改为第 \(next) 版") && stale.text.contains("value=\"800.00\""))
            let reset = try await admin.send(
                [("version", "\(next)"), ("reset.\(key)", "true"), ("note", "恢复")], to: "/admin/settings", from: "/admin/settings")
            #expect(reset.status == .seeOther)
            let after = try await district.call(.get, "/api/v1/settings", token: admin.token)
            #expect((after.json["items"] as? [[String: Any]])?.first { $0["key"] as? String == key }?["value"] as? Int == 72_000)
            let town = try await ConsoleCaseTests.Browser("town", in: district)
            let read = try await town.get("/admin/settings")
            #expect(read.status == .ok && !read.text.contains("name=\"value."), "anyone reads the settings; only the admin changes them")
            let refused = try await town.send(
                [("version", "\(next + 1)"), ("value.\(key)", "1.00"), ("note", "x")], to: "/admin/settings", from: "/admin/settings")
            #expect(refused.status == .forbidden)
        }
    }
}
