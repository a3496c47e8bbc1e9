import Foundation
import PostgresClient
import SafetyNetKernel
import Testing

@Suite("Alerts raised by department data, through the API")
struct AlertAPITests {
    static let settlementHeader = "idNumber,name,settledOn,totalCost,selfPaid,diagnosisCategory"

    static func settlement(_ idNumber: String, yuan: Int, on day: String = "2026-11-03") -> String {
        "\(idNumber),张三,\(day),\(yuan + 1000),\(yuan),serious"
    }

    static func idNumber(born year: Int, order: Int) throws -> String {
        try ResidentIDNumber.compose(divisionCode: "220202", birthDate: CalendarDate(year: year, month: 6, day: 1)!, order: order).value
    }

    /// Registers a household in the grid worker's grid with members born in `years` (the first the
    /// head), on the ledger in `categories` when any; returns its id and its members' ID numbers.
    static func household(
        _ district: APITestDistrict, order: Int, born years: [Int], categories: [String] = [], disability: [String: Any]? = nil
    ) async throws -> (id: String, idNumbers: [String]) {
        let idNumbers = try years.enumerated().map { try Self.idNumber(born: $0.element, order: order * 10 + $0.offset) }
        let members = idNumbers.enumerated().map { index, number -> [String: Any] in
            var member: [String: Any] = ["name": "成员\(index)", "relation": index == 0 ? "head" : "child", "idNumber": number]
            if index == 1, let disability { member["disability"] = disability }
            return member
        }
        let body: [String: Any] = ["gridCode": AccessTests.ownGrid.value, "address": "预警路\(order)号", "members": members]
        let grid = try await district.token("grid")
        let created = try await district.call(.post, "/api/v1/households", token: grid, body: body)
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        if !categories.isEmpty {
            let started = try await district.call(
                .post, "/api/v1/households/\(id)/monitoring", token: try await district.token("town"),
                body: ["categories": categories, "riskLevel": "blue", "reason": "动态监测"])
            #expect(started.status == .created, "\(started.text)")
        }
        return (id, idNumbers)
    }

    static func upload(_ district: APITestDistrict, feed: String, batch: String, csv: [String], as login: String) async throws -> [String: Any] {
        let reply = try await FeedBatchAPITests.upload(
            district, csv.joined(separator: "\n") + "\n", batch: batch, token: try await district.token(login), feed: feed)
        #expect(reply.status == .created || reply.status == .ok, "\(reply.text)")
        return reply.json
    }

    static func alerts(_ district: APITestDistrict, _ query: String, as login: String = "town") async throws -> [[String: Any]] {
        let reply = try await district.call(.get, "/api/v1/alerts?\(query)", token: try await district.token(login))
        #expect(reply.status == .ok, "\(reply.text)")
        return reply.json["items"] as? [[String: Any]] ?? []
    }

    @Test(
        "self-paid costs: a household's year total sets red, yellow or blue; sent again nothing doubles; a worse batch raises the level; a threshold change applies to the next batch under its version"
    )
    func selfPaidThresholds() async throws {
        try await APITestDistrict.with { district in
            let blue = try await Self.household(district, order: 1, born: [1970, 1972])
            let yellow = try await Self.household(district, order: 2, born: [1965])
            let red = try await Self.household(district, order: 3, born: [1950])
            let under = try await Self.household(district, order: 4, born: [1980])
            let first = [
                Self.settlementHeader, Self.settlement(blue.idNumbers[0], yuan: 6000), Self.settlement(blue.idNumbers[1], yuan: 5000),
                Self.settlement(yellow.idNumbers[0], yuan: 35000), Self.settlement(red.idNumbers[0], yuan: 30000),
                Self.settlement(red.idNumbers[0], yuan: 30000, on: "2026-11-20"), Self.settlement(under.idNumbers[0], yuan: 9000),
                Self.settlement(blue.idNumbers[0], yuan: 20000, on: "2025-12-30"), Self.settlement(try FeedBatchAPITests.stranger(901), yuan: 80000),
            ]
            let batch = try await Self.upload(district, feed: "medical-aid.settlements", batch: "a", csv: first, as: "medical")
            #expect(batch["alerts"] as? [String: Int] == ["red": 1, "yellow": 1, "blue": 2])
            let raised = try await Self.alerts(district, "rule=medical-aid.annual-self-paid")
            #expect(raised.map { $0["level"] as? String } == ["red", "yellow", "blue", "blue"])
            let blue2026 = try #require(raised.first { $0["householdID"] as? String == blue.id.uppercased() && $0["year"] as? Int == 2026 })
            #expect(blue2026["amountFen"] as? Int == 1_100_000 && blue2026["thresholdFen"] as? Int == 1_000_000)
            #expect(blue2026["settingsVersion"] as? Int == 1 && blue2026["status"] as? String == "raised")
            #expect(raised.first { $0["year"] as? Int == 2025 }?["amountFen"] as? Int == 2_000_000)
            #expect(raised.first { $0["level"] as? String == "red" }?["amountFen"] as? Int == 6_000_000)

            // Sent again under its id, or its rows again in another batch: nothing is raised twice.
            _ = try await Self.upload(district, feed: "medical-aid.settlements", batch: "a", csv: first, as: "medical")
            let copy = try await Self.upload(district, feed: "medical-aid.settlements", batch: "a-copy", csv: first, as: "medical")
            #expect(copy["alerts"] as? [String: Int] == ["red": 0, "yellow": 0, "blue": 0])
            #expect(try await Self.alerts(district, "rule=medical-aid.annual-self-paid").count == 4)

            // A new bill takes the household's 2026 total to 36,000 yuan: the same alert, now yellow.
            let worse = try await Self.upload(
                district, feed: "medical-aid.settlements", batch: "b", csv: [Self.settlementHeader, Self.settlement(blue.idNumbers[1], yuan: 25000)],
                as: "medical")
            #expect(worse["alerts"] as? [String: Int] == ["red": 0, "yellow": 1, "blue": 0])
            let worsened = try await Self.alerts(district, "household=\(blue.id)&level=yellow")
            #expect(worsened.count == 1 && worsened.first?["id"] as? String == blue2026["id"] as? String)
            #expect(worsened.first?["raisedLevel"] as? String == "blue" && worsened.first?["amountFen"] as? Int == 3_600_000)

            // The admin lowers the blue line to 5,000 yuan: the next batch raises the household at 9,100 under version 2.
            let admin = try await district.token("admin")
            let disordered = try await district.call(
                .post, "/api/v1/settings/versions", token: admin,
                body: ["values": ["medical-aid.alert.selfPaidBlueFen": 4_000_000], "note": "蓝色高于黄色"])
            #expect(disordered.status == .unprocessableContent && disordered.json["code"] as? String == "thresholds_out_of_order")
            let refused = try await district.call(
                .post, "/api/v1/settings/versions", token: try await district.token("medical"),
                body: ["values": ["medical-aid.alert.selfPaidBlueFen": 500_000], "note": "调整"])
            #expect(refused.status == .forbidden)
            let changed = try await district.call(
                .post, "/api/v1/settings/versions", token: admin,
                body: ["values": ["medical-aid.alert.selfPaidBlueFen": 500_000], "note": "区医保局调整预警线"])
            #expect(changed.status == .created && changed.json["version"] as? Int == 2, "\(changed.text)")
            let rules = try await district.call(.get, "/api/v1/alert-rules", token: admin)
            let medical = (rules.json["items"] as? [[String: Any]])?.first { $0["id"] as? String == "medical-aid.annual-self-paid" }
            #expect((medical?["thresholds"] as? [[String: Any]])?.last?["valueFen"] as? Int == 500_000)
            let next = try await Self.upload(
                district, feed: "medical-aid.settlements", batch: "c", csv: [Self.settlementHeader, Self.settlement(under.idNumbers[0], yuan: 100)],
                as: "medical")
            #expect(next["alerts"] as? [String: Int] == ["red": 0, "yellow": 0, "blue": 1])
            let lowered = try await Self.alerts(district, "household=\(under.id)")
            #expect(lowered.first?["settingsVersion"] as? Int == 2 && lowered.first?["thresholdFen"] as? Int == 500_000)
            #expect(try await Self.alerts(district, "household=\(red.id)").first?["settingsVersion"] as? Int == 1)
            let versions = try await district.call(.get, "/api/v1/settings/versions", token: admin)
            #expect((versions.json["items"] as? [[String: Any]])?.map { $0["version"] as? Int } == [2, 1])

            // Each alert is a step of the household's chain, pushed to its grid; other grids do not see it.
            let steps = try await district.pool.query(
                "SELECT kind, count(*) AS n FROM assistance_event WHERE kind LIKE 'alert.%' GROUP BY kind ORDER BY kind")
            #expect(
                try steps.map { "\(try $0.decode("kind", as: String.self)) \(try $0.decode("n", as: Int.self))" } == [
                    "alert.raised 5", "alert.worsened 1",
                ])
            #expect(try await Self.alerts(district, "", as: "grid").count == 5)
            let hidden = try await district.call(.get, "/api/v1/alerts/\(blue2026["id"] as! String)", token: try await district.token("employment"))
            #expect(hidden.status == .notFound)
        }
    }

    @Test("each department's rule raises on its condition and only on it")
    func departmentRules() async throws {
        try await APITestDistrict.with { district in
            // Employment: a working-age member of a household on the ledger, registered unemployed, with a child.
            let provider = try await Self.household(district, order: 11, born: [1985, 2015], categories: ["sudden_hardship"])
            let unwatched = try await Self.household(district, order: 12, born: [1986, 2016])
            let alone = try await Self.household(district, order: 13, born: [1987], categories: ["sudden_hardship"])
            let ended = try await Self.household(district, order: 14, born: [1988, 2017], categories: ["sudden_hardship"])
            _ = try await Self.upload(
                district, feed: "employment.unemployment-registrations", batch: "u",
                csv: [
                    "idNumber,name,registeredOn,endedOn", "\(provider.idNumbers[0]),甲,2026-10-01,", "\(unwatched.idNumbers[0]),乙,2026-10-01,",
                    "\(alone.idNumbers[0]),丙,2026-10-01,", "\(ended.idNumbers[0]),丁,2025-01-01,2025-06-30",
                ], as: "employment")
            let employment = try await Self.alerts(district, "module=employment")
            #expect(employment.map { $0["householdID"] as? String } == [provider.id.uppercased()])
            #expect(employment.first?["level"] as? String == "yellow" && employment.first?["personID"] != nil)

            // Disability: a valid grade 1 certificate, no nursing subsidy; grade 3 and expired ones raise nothing.
            let severe = try await Self.household(district, order: 21, born: [1960])
            let mild = try await Self.household(district, order: 22, born: [1961])
            let expired = try await Self.household(district, order: 23, born: [1962])
            _ = try await Self.upload(
                district, feed: "disability.certificates", batch: "d",
                csv: [
                    "idNumber,name,category,grade,validUntil", "\(severe.idNumbers[0]),甲,肢体残疾,一级,2030-12-31",
                    "\(mild.idNumbers[0]),乙,physical,3,2030-12-31", "\(expired.idNumbers[0]),丙,physical,2,2024-12-31",
                ], as: "disability")
            #expect(try await Self.alerts(district, "module=disability").map { $0["householdID"] as? String } == [severe.id.uppercased()])

            // Education: a dibao household's student without aid; aid received, or a household not low-income, raise nothing.
            let poor = try await Self.household(district, order: 31, born: [1980, 2012], categories: ["dibao"])
            let aided = try await Self.household(district, order: 32, born: [1981, 2013], categories: ["dibao"])
            let watched = try await Self.household(district, order: 33, born: [1982, 2014], categories: ["elderly_alone"])
            _ = try await Self.upload(
                district, feed: "education.students", batch: "e",
                csv: [
                    "idNumber,name,school,stage,aidReceived", "\(poor.idNumbers[1]),甲,区第一中学,junior_secondary,",
                    "\(aided.idNumbers[1]),乙,区第一中学,junior_secondary,1250", "\(watched.idNumbers[1]),丙,区第一中学,junior_secondary,0",
                ], as: "education")
            let education = try await Self.alerts(district, "module=education")
            #expect(education.map { $0["householdID"] as? String } == [poor.id.uppercased()] && education.first?["level"] as? String == "blue")

            // Civil affairs: a dibao household of two whose checked income is 1,000 yuan a member, over the 720 yuan standard,
            // sent by 区民政 itself (the check centre's results are its own department's feed).
            let over = try await Self.household(district, order: 41, born: [1975, 2010], categories: ["dibao"])
            let within = try await Self.household(district, order: 42, born: [1976, 2011], categories: ["dibao"])
            _ = try await Self.upload(
                district, feed: "civil-affairs.economic-checks", batch: "c",
                csv: [
                    "headIdNumber,headName,monthlyIncome,financialAssets,checkedOn", "\(over.idNumbers[0]),甲,2000,5000,2026-11-01",
                    "\(within.idNumbers[0]),乙,1000,5000,2026-11-01",
                ], as: "civil")
            let civil = try await Self.alerts(district, "module=civil-affairs")
            #expect(civil.map { $0["householdID"] as? String } == [over.id.uppercased()])
            #expect(civil.first?["amountFen"] as? Int == 100_000 && civil.first?["thresholdFen"] as? Int == 72_000)
        }
    }
}
