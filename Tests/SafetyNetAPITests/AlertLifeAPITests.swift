import Foundation
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("An alert's life through the API: verified in the field, confirmed or dismissed, escalated when nobody looks")
struct AlertLifeAPITests {
    typealias Alerts = AlertAPITests

    /// The grid worker's verification, with a visit at `instant` to the millisecond (the chain orders steps by their time).
    static func verify(
        _ district: APITestDistrict, _ id: String, findings: String = "情况属实，户主住院", at instant: Date = Date(), as login: String = "grid"
    ) async throws -> APITestDistrict.Reply {
        try await district.call(
            .post, "/api/v1/alerts/\(id)/verification", token: try await district.token(login),
            body: ["kind": "home", "visitedAt": Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(instant), "findings": findings])
    }

    /// This month's early-warning figures of the district, as district civil affairs reads them.
    static func earlyWarning(_ district: APITestDistrict) async throws -> [String: Any] {
        let month = WorkingCalendar.day(of: Date()).firstOfMonth
        let reply = try await district.call(
            .get, "/api/v1/supervision/figures?from=\(month)&to=\(month.adding(days: 40).firstOfMonth.adding(days: -1))",
            token: try await district.token("civil"))
        #expect(reply.status == .ok, "\(reply.text)")
        return reply.json["earlyWarning"] as? [String: Any] ?? [:]
    }

    static func kinds(ofChain household: String, _ district: APITestDistrict) async throws -> [String] {
        let chain = try await district.call(.get, "/api/v1/households/\(household)/chain", token: try await district.token("town"))
        return (chain.json["entries"] as? [[String: Any]] ?? []).compactMap { entry in
            (entry["kind"] as? String).map { "\($0)/\(entry["stage"] as? String ?? "")" }
        }
    }

    @Test(
        "the grid verifies with a visit; the town confirms: the ledger rises and the application or referral the rule calls for opens, filled in from the data; or dismisses with a reason"
    )
    func verifyConfirmDismiss() async throws {
        try await APITestDistrict.with { district in
            let (grid, town) = (try await district.token("grid"), try await district.token("town"))
            let monitoredBefore = try await Self.earlyWarning(district)["monitored"] as? Int ?? -1
            // Medical aid: 35,000 yuan self-paid this year, a household not on the ledger → yellow.
            let sick = try await Alerts.household(district, order: 51, born: [1958, 1960])
            _ = try await Alerts.upload(
                district, feed: "medical-aid.settlements", batch: "m",
                csv: [Alerts.settlementHeader, Alerts.settlement(sick.idNumbers[0], yuan: 35000)], as: "medical")
            let raised = try #require(try await Alerts.alerts(district, "status=raised", as: "grid").first)
            let id = try #require(raised["id"] as? String)
            #expect(raised["handlingLevel"] as? String == "village" && raised["verifyBy"] != nil)

            let early = try await district.call(.post, "/api/v1/alerts/\(id)/confirmation", token: town, body: ["note": "属实"])
            #expect(early.status == .conflict && early.json["code"] as? String == "alert_raised", "\(early.text)")
            let officer = try await Self.verify(district, id, as: "medical")
            #expect(officer.status == .forbidden)
            let future = try await Self.verify(district, id, at: Date().addingTimeInterval(86_400))
            #expect(future.status == .unprocessableContent && future.json["field"] as? String == "visitedAt")
            let before = try await Self.verify(district, id, at: Date().addingTimeInterval(-3_600))
            #expect(before.status == .unprocessableContent && before.json["code"] as? String == "before_alert", "\(before.text)")

            let verified = try await Self.verify(district, id, findings: "户主肺癌住院，自付费用高，家庭无其他收入")
            #expect(verified.status == .ok && verified.json["status"] as? String == "verified", "\(verified.text)")
            #expect(verified.json["verifyBy"] == nil && (verified.json["verification"] as? [String: Any])?["visitID"] != nil)
            #expect(verified.json["decideBy"] != nil, "\(verified.text)")
            #expect(try await Self.verify(district, id).json["code"] as? String == "alert_verified")
            let byGrid = try await district.call(.post, "/api/v1/alerts/\(id)/confirmation", token: grid, body: ["note": "属实"])
            #expect(byGrid.status == .forbidden)

            let confirmed = try await district.call(
                .post, "/api/v1/alerts/\(id)/confirmation", token: town, body: ["note": "核实属实，纳入监测并代为申请医疗救助"])
            #expect(confirmed.status == .ok && confirmed.json["status"] as? String == "confirmed", "\(confirmed.text)")
            let caseID = try #require(confirmed.json["caseID"] as? String)
            #expect(confirmed.json["decideBy"] == nil)
            let limits = try await district.pool.query(
                "SELECT kind || ' ' || outcome AS l FROM deadline WHERE alert_id = \(UUID(uuidString: id)!) ORDER BY started_at, kind")
            #expect(try limits.map { try $0.decode("l", as: String.self) } == ["alert_verification met", "alert_decision met"])
            let household = try await district.call(.get, "/api/v1/households/\(sick.id)", token: town)
            let ledger = household.json["monitoring"] as? [String: Any]
            #expect(ledger?["categories"] as? [String] == ["expenditure_hardship", "serious_illness"] && ledger?["riskLevel"] as? String == "yellow")
            let filed = try await district.call(.get, "/api/v1/cases/\(caseID)", token: town)
            #expect(filed.json["onBehalf"] as? Bool == true && (filed.json["claim"] as? [String: Any])?["selfPaidMedicalFen"] as? Int == 3_500_000)
            let item = (filed.json["items"] as? [[String: Any]])?.first
            #expect(item?["type"] as? String == "medical-aid.medical-assistance" && item?["personID"] as? String == raised["personID"] as? String)
            #expect((filed.json["description"] as? String)?.contains("2026年合计35000.00元，超过预警线30000.00元") == true, "\(filed.text)")
            #expect(
                try await Self.kinds(ofChain: sick.id, district) == [
                    "alert.raised/discovery", "visit.home/verification", "alert.verified/verification", "monitoring.started/discovery",
                    "alert.confirmed/push", "case.applied/push",
                ])

            // Employment: the breadwinner of a watched household lost their job; confirmed at red, the referral goes to employment.
            let provider = try await Alerts.household(district, order: 52, born: [1985, 2015], categories: ["dibao"])
            _ = try await Alerts.upload(
                district, feed: "employment.unemployment-registrations", batch: "u",
                csv: ["idNumber,name,registeredOn,endedOn", "\(provider.idNumbers[0]),甲,2026-10-01,"], as: "employment")
            let jobless = try #require(try await Alerts.alerts(district, "household=\(provider.id)").first?["id"] as? String)
            #expect(try await Self.verify(district, jobless, findings: "户主失业，孩子上学").status == .ok)
            let green = try await district.call(
                .post, "/api/v1/alerts/\(jobless)/confirmation", token: town, body: ["note": "属实", "riskLevel": "green"])
            #expect(green.status == .unprocessableContent && green.json["field"] as? String == "riskLevel")
            let referred = try await district.call(
                .post, "/api/v1/alerts/\(jobless)/confirmation", token: town, body: ["note": "属实，情况紧急", "riskLevel": "red"])
            let referralID = try #require(referred.json["referralID"] as? String, "\(referred.text)")
            let referral = try await district.call(.get, "/api/v1/referrals/\(referralID)", token: town)
            #expect(referral.json["module"] as? String == "employment" && referral.json["origin"] as? String == "visit", "\(referral.text)")
            let watched = try await district.call(.get, "/api/v1/households/\(provider.id)", token: town).json["monitoring"] as? [String: Any]
            #expect(watched?["categories"] as? [String] == ["dibao", "sudden_hardship"] && watched?["riskLevel"] as? String == "red")

            // Disability: dismissed with a reason; the same certificate sent again raises nothing.
            let severe = try await Alerts.household(district, order: 53, born: [1960])
            let certificate = ["idNumber,name,category,grade,validUntil", "\(severe.idNumbers[0]),甲,physical,1,2030-12-31"]
            _ = try await Alerts.upload(district, feed: "disability.certificates", batch: "d", csv: certificate, as: "disability")
            let disabled = try #require(try await Alerts.alerts(district, "household=\(severe.id)").first?["id"] as? String)
            #expect(try await Self.verify(district, disabled, findings: "已在外区领取护理补贴").status == .ok)
            let bare = try await district.call(.post, "/api/v1/alerts/\(disabled)/dismissal", token: town, body: ["reason": " "])
            #expect(bare.status == .unprocessableContent && bare.json["field"] as? String == "reason")
            let dismissed = try await district.call(
                .post, "/api/v1/alerts/\(disabled)/dismissal", token: town, body: ["reason": "已在原户籍地享受护理补贴，不重复发放"])
            #expect(dismissed.json["status"] as? String == "dismissed" && dismissed.json["caseID"] == nil, "\(dismissed.text)")
            #expect((dismissed.json["decision"] as? [String: Any])?["note"] as? String == "已在原户籍地享受护理补贴，不重复发放")
            let again = try await Alerts.upload(district, feed: "disability.certificates", batch: "d2", csv: certificate, as: "disability")
            #expect(again["alerts"] as? [String: Int] == ["red": 0, "yellow": 0, "blue": 0])
            #expect(try await district.call(.get, "/api/v1/households/\(severe.id)", token: town).json["monitoring"] == nil)

            // The period's figures (seed 003's shape): two households more on the ledger (one by the confirmation).
            let figures = try await Self.earlyWarning(district)
            #expect(figures["monitored"] as? Int == monitoredBefore + 2)
            #expect(figures["raised"] as? [String: Int] == ["red": 0, "yellow": 3, "blue": 0])
            #expect(figures["verified"] as? Int == 3 && figures["confirmed"] as? Int == 2 && figures["dismissed"] as? Int == 1)
            #expect(figures["applicationsOpened"] as? Int == 1 && figures["referralsOpened"] as? Int == 1 && figures["overdue"] as? Int == 0)

            // An alert goes with its household to another grid, and closes with it.
            let student = try await Alerts.household(district, order: 54, born: [1980, 2012], categories: ["dibao"])
            _ = try await Alerts.upload(
                district, feed: "education.students", batch: "e",
                csv: ["idNumber,name,school,stage,aidReceived", "\(student.idNumbers[1]),甲,区第一中学,junior_secondary,"], as: "education")
            let schooling = try #require(try await Alerts.alerts(district, "household=\(student.id)").first?["id"] as? String)
            let moved = try await district.call(
                .post, "/api/v1/households/\(student.id)/move", token: try await district.token("civil"),
                body: ["gridCode": AccessTests.otherTownGrid.value, "address": "外镇新址1号"])
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(try await district.call(.get, "/api/v1/alerts/\(schooling)", token: grid).status == .notFound)
            let followed = try await district.call(.get, "/api/v1/alerts/\(schooling)", token: try await district.token("civil"))
            #expect(followed.json["gridCode"] as? String == AccessTests.otherTownGrid.value)
            let closed = try await district.call(
                .post, "/api/v1/households/\(student.id)/close", token: try await district.token("civil"), body: ["reason": "moved_away"])
            #expect(closed.status == .ok, "\(closed.text)")
            let cancelled = try await district.call(.get, "/api/v1/alerts/\(schooling)", token: try await district.token("civil"))
            #expect(cancelled.json["status"] as? String == "cancelled" && cancelled.json["verifyBy"] == nil, "\(cancelled.text)")

            let audited = try await district.pool.query(
                "SELECT action, count(*) AS n FROM audit_log WHERE entity = 'alert' GROUP BY action ORDER BY action")
            #expect(
                try audited.map { "\(try $0.decode("action", as: String.self)) \(try $0.decode("n", as: Int.self))" } == [
                    "alert.confirm 2", "alert.dismiss 1", "alert.verify 3",
                ])

            // A certificate issued anew is new data: the dismissed condition is looked at again.
            let renewed = ["idNumber,name,category,grade,validUntil", "\(severe.idNumbers[0]),甲,physical,1,2035-12-31"]
            let reissued = try await Alerts.upload(district, feed: "disability.certificates", batch: "d3", csv: renewed, as: "disability")
            #expect((reissued["alerts"] as? [String: Int]).map { $0.values.reduce(0, +) } == 1, "\(reissued)")
            #expect(try await Alerts.alerts(district, "household=\(severe.id)&status=raised").count == 1)
        }
    }

    @Test("an alert nobody verifies climbs a level after 5 working days, counted across National Day, once per level; verifying stops it")
    func escalation() async throws {
        // Tuesday 30 September 2025: 1–8 October are holidays, Saturday 11 October is worked; five working days end on 14 October.
        let clock = ManualClock(CaseAPITests.instant("2025-09-30T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let sick = try await Alerts.household(district, order: 61, born: [1950])
            _ = try await Alerts.upload(
                district, feed: "medical-aid.settlements", batch: "m",
                csv: [Alerts.settlementHeader, Alerts.settlement(sick.idNumbers[0], yuan: 60000, on: "2025-09-20")], as: "medical")
            let raised = try #require(try await Alerts.alerts(district, "household=\(sick.id)").first)
            let id = try #require(raised["id"] as? String)
            #expect(raised["verifyBy"] as? String == "2025-10-14T16:00:00Z" && raised["level"] as? String == "red")

            let sweep = await district.sweep(clock: clock)
            clock.set(CaseAPITests.instant("2025-10-14T23:59:00+08:00"))
            #expect(try await sweep.run().alertsEscalated == 0)
            clock.set(CaseAPITests.instant("2025-10-15T00:00:01+08:00"))
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 1, dueSoon: 0, alertsEscalated: 1))
            #expect(try await sweep.run() == DeadlineSweepResult(overdue: 0, dueSoon: 0, alertsEscalated: 0))
            #expect(try await district.sweep(clock: clock).run() == DeadlineSweepResult(overdue: 0, dueSoon: 0, alertsEscalated: 0))
            let atTown = try await district.call(.get, "/api/v1/alerts/\(id)", token: try await district.token("town"))
            // From Wednesday 15 October: 16, 17, 20, 21, 22 October.
            #expect(atTown.json["handlingLevel"] as? String == "town" && atTown.json["verifyBy"] as? String == "2025-10-22T16:00:00Z")

            clock.set(CaseAPITests.instant("2025-10-20T09:00:00+08:00"))
            #expect(try await Self.verify(district, id, at: clock.now()).status == .ok)
            // Verified on Monday 20 October, it is to be confirmed or dismissed by Monday 27: that limit passes, but does not escalate.
            clock.set(CaseAPITests.instant("2025-11-30T00:00:00+08:00"))
            #expect(try await district.sweep(clock: clock).run() == DeadlineSweepResult(overdue: 1, dueSoon: 0, alertsEscalated: 0))
            let steps = try await district.pool.query(
                "SELECT kind, summary FROM assistance_event WHERE alert_id = \(UUID(uuidString: id)!) ORDER BY at, kind")
            #expect(
                try steps.map { "\(try $0.decode("kind", as: String.self)) \(try $0.decode("summary", as: String.self))" } == [
                    "alert.raised 预警：家庭年度医疗自付费用超过预警线（红色）", "deadline.due_soon 预警核实时限即将到期（截止 2025-10-15 00:00）",
                    "alert.escalated 预警未在5个工作日内核实，已提级至乡镇(街道)督办",
                    "deadline.overdue 预警核实时限已超期（截止 2025-10-15 00:00）", "alert.verified 预警已入户核实：情况属实，户主住院",
                    "deadline.overdue 预警确认时限已超期（截止 2025-10-28 00:00）",
                ])
        }
    }

    @Test(
        "a household on the ledger not visited within its interval raises the registry's alert once per lapse, whatever moves its due day; any visit verifies it and opens the limit to decide"
    )
    func visitOverdue() async throws {
        // Monday 2 March 2026: a blue household is visited every 30 days, so by 1 April; 3 days' grace.
        let clock = ManualClock(CaseAPITests.instant("2026-03-02T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            let watched = try await Alerts.household(district, order: 71, born: [1940], categories: ["elderly_alone"])
            let other = try await Alerts.household(district, order: 72, born: [1941], categories: ["elderly_alone"])
            let calendar = await RunningServer.calendar(district.pool)
            let referrals = ReferralStore(pool: district.pool, catalog: TestCatalog.all, calendar: calendar, clock: clock)
            let alerts = AlertStore(
                cases: CaseStore(pool: district.pool, catalog: TestCatalog.all, calendar: calendar, clock: clock), referrals: referrals)
            let visits = VisitStore(pool: district.pool)

            clock.set(CaseAPITests.instant("2026-04-03T10:00:00+08:00"))
            #expect(try await alerts.raiseOverdueVisits(from: visits) == 0)
            clock.set(CaseAPITests.instant("2026-04-04T10:01:00+08:00"))
            #expect(try await alerts.raiseOverdueVisits(from: visits) == 2)
            #expect(try await alerts.raiseOverdueVisits(from: visits) == 0)
            let raised = try #require(try await Alerts.alerts(district, "rule=registry.visit-overdue&household=\(watched.id)", as: "grid").first)
            #expect(raised["householdID"] as? String == watched.id.uppercased() && raised["level"] as? String == "blue")
            #expect(raised["module"] == nil && raised["ruleName"] as? String == "监测家庭未按期巡访")
            #expect(raised["facts"] as? [String: String] == ["dueOn": "2026-04-01"])
            // Qingming, 4–6 April: five working days from Saturday 4 April end on Monday 13 April.
            #expect(raised["verifyBy"] as? String == "2026-04-13T16:00:00Z")
            #expect(try await Alerts.alerts(district, "", as: "medical").isEmpty)
            #expect(try await Alerts.alerts(district, "rule=registry.visit-overdue", as: "grid").count == 2)
            // A new risk level moves the due day (red: every 7 days, so 9 March), not the lapse: no second alert.
            let red = try await district.call(
                .post, "/api/v1/households/\(other.id)/monitoring/risk", token: try await district.token("town"),
                body: ["riskLevel": "red", "reason": "突发重病住院"])
            #expect(red.status == .ok, "\(red.text)")
            #expect(try await alerts.raiseOverdueVisits(from: visits) == 0)
            #expect(try await Alerts.alerts(district, "rule=registry.visit-overdue", as: "grid").count == 2)

            // An ordinary visit verifies it; the town confirms the lapse, which opens nothing.
            clock.advance(3_600)
            let visit = try await district.call(
                .post, "/api/v1/visits", token: try await district.token("grid"),
                body: [
                    "householdID": watched.id, "kind": "phone", "visitedAt": Date.ISO8601FormatStyle().format(clock.now()),
                    "findings": "电话巡访，老人身体尚可",
                ])
            #expect(visit.status == .created, "\(visit.text)")
            let verified = try await district.call(.get, "/api/v1/alerts/\(raised["id"] as! String)", token: try await district.token("town"))
            #expect(verified.json["status"] as? String == "verified" && verified.json["verifyBy"] == nil)
            // And opens the limit to confirm or dismiss it: 5 working days after the Qingming holiday, as any verification does.
            #expect(verified.json["decideBy"] as? String == "2026-04-13T16:00:00Z", "\(verified.text)")
            #expect((verified.json["verification"] as? [String: Any])?["visitID"] as? String == visit.json["id"] as? String)
            clock.advance(3_600)
            let confirmed = try await district.call(
                .post, "/api/v1/alerts/\(raised["id"] as! String)/confirmation", token: try await district.token("town"),
                body: ["note": "逾期3天补访，已提醒网格员按期巡访"])
            #expect(confirmed.json["status"] as? String == "confirmed" && confirmed.json["caseID"] == nil && confirmed.json["referralID"] == nil)
            #expect(try await alerts.raiseOverdueVisits(from: visits) == 0)

            // Leaving the ledger closes the other household's alert: an overdue visit is no signal any more.
            let otherAlert = try #require(try await Alerts.alerts(district, "household=\(other.id)").first?["id"] as? String)
            #expect(
                try await district.call(
                    .post, "/api/v1/households/\(other.id)/monitoring/end", token: try await district.token("town"), body: ["reason": "已脱困"]
                ).status
                    == .noContent)
            let ended = try await district.call(.get, "/api/v1/alerts/\(otherAlert)", token: try await district.token("town"))
            #expect(ended.json["status"] as? String == "cancelled" && (ended.json["decision"] as? [String: Any])?["note"] as? String == "已退出监测台账")
            #expect(
                try await Self.kinds(ofChain: watched.id, district).filter { $0.hasPrefix("alert.") } == [
                    "alert.raised/discovery", "alert.verified/verification", "alert.confirmed/push",
                ])

            // Back on the ledger and still not visited: the lapse whose alert was cancelled is raised again;
            // the household visited on 4 April has a new lapse of its own by mid-May.
            let back = try await district.call(
                .post, "/api/v1/households/\(other.id)/monitoring", token: try await district.token("town"),
                body: ["categories": ["elderly_alone"], "riskLevel": "blue", "reason": "再次纳入监测"])
            #expect(back.status == .created, "\(back.text)")
            clock.set(CaseAPITests.instant("2026-05-20T10:00:00+08:00"))
            #expect(try await alerts.raiseOverdueVisits(from: visits) == 2)
            #expect(try await Alerts.alerts(district, "rule=registry.visit-overdue&household=\(other.id)&status=raised").count == 1)
        }
    }
}
