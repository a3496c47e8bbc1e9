import Foundation
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("The full comparison (全量比对) through the API")
struct ComparisonAPITests {
    typealias Alerts = AlertAPITests

    /// Grants dibao to the household through the loop: filed and reviewed by the town, approved by the district.
    static func grantDibao(_ district: APITestDistrict, household: String) async throws {
        let (town, civil) = (try await district.token("town"), try await district.token("civil"))
        let filed = try await district.call(
            .post, "/api/v1/cases", token: town,
            body: ["householdID": household, "description": "无劳动能力，生活困难", "items": [["type": "civil-affairs.dibao"]]])
        let item = try CaseAPITests.item(filed, "civil-affairs.dibao")
        let members = try await district.call(.get, "/api/v1/households/\(household)", token: town).json["members"] as? [[String: Any]] ?? []
        for step in ["accept", "investigate"] { _ = try await district.call(.post, CaseAPITests.itemPath(item, step), token: town) }
        _ = try await district.call(
            .post, CaseAPITests.itemPath(item, "findings"), token: town,
            body: ["facts": ["financialAssetsFen": 0, "vehicles": 0, "members": members.map { ["personID": $0["id"]!, "monthlyIncomeFen": 0] }]])
        _ = try await district.call(.post, CaseAPITests.itemPath(item, "forward"), token: town, body: ["note": "乡镇审核通过"])
        let approved = try await district.call(.post, CaseAPITests.itemPath(item, "approve"), token: civil)
        #expect(try CaseAPITests.item(approved, "civil-affairs.dibao")["state"] as? String == "approved", "\(approved.text)")
    }

    static func checks(_ district: APITestDistrict, batch: String, _ rows: [(head: String, income: Int)]) async throws {
        _ = try await Alerts.upload(
            district, feed: "civil-affairs.economic-checks", batch: batch,
            csv: ["headIdNumber,headName,monthlyIncome,financialAssets,checkedOn"] + rows.map { "\($0.head),户主,\($0.income),1000,2026-11-01" },
            as: "admin")
    }

    static func findings(_ district: APITestDistrict, run: UUID) async throws -> [String] {
        try await district.pool.query(
            "SELECT household_id::text || ' ' || rule_id || ' ' || level || ' ' || amount_fen AS f FROM comparison_finding WHERE run_id = \(run) ORDER BY 1"
        ).map { try $0.decode("f", as: String.self) }
    }

    @Test(
        "households in benefit are compared in chunks; one killed halfway and resumed by a restarted server finds what an uninterrupted one does; changed findings go to the re-verification list"
    )
    func killedAndResumed() async throws {
        try await APITestDistrict.with { district in
            let over = try await Alerts.household(district, order: 81, born: [1970, 2008])
            let within = try await Alerts.household(district, order: 82, born: [1971, 2009])
            let notGranted = try await Alerts.household(district, order: 83, born: [1972, 2010], categories: ["dibao"])
            for household in [over, within] { try await Self.grantDibao(district, household: household.id) }
            // 1,000 yuan a member is over the 720 yuan standard; 500 is not.
            try await Self.checks(
                district, batch: "h1", [(over.idNumbers[0], 2000), (within.idNumbers[0], 1000), (notGranted.idNumbers[0], 3000)])

            let civil = try await district.token("civil")
            #expect(try await district.call(.post, "/api/v1/comparisons", token: try await district.token("grid")).status == .forbidden)
            let started = try await district.call(.post, "/api/v1/comparisons", token: civil)
            #expect(started.status == .created && started.json["households"] as? Int == 2, "\(started.text)")
            let first = try #require(UUID(uuidString: started.json["id"] as? String ?? ""))
            let worker = FullComparison(pool: district.pool, catalog: TestCatalog.all, clock: SystemClock(), chunkSize: 1)
            let done = try #require(try await worker.work())
            #expect(done.status == .done && done.compared == 2 && done.rechecks == 1)

            // The second: one chunk, then the server "restarts" and another worker finishes it.
            let second = try await worker.start(by: nil)
            #expect(try await worker.work(chunks: 1)?.status == .running)
            // Meanwhile a batch commits whose finishing time was taken before the run started (its
            // alert rules ran long): the run read the batches done at its start, so not this one.
            try await Self.checks(district, batch: "late", [(over.idNumbers[0], 100), (within.idNumbers[0], 5000)])
            let backdated = try await district.pool.query(
                """
                UPDATE feed_batch SET finished_at = (SELECT started_at - interval '1 microsecond' FROM comparison_run WHERE id = \(second.id))
                WHERE sender_batch_id = 'late'
                """)
            #expect(backdated.affectedRows == 1)
            let again = try await district.call(.post, "/api/v1/comparisons", token: civil)
            #expect(again.status == .conflict && again.json["code"] as? String == "comparison_running")
            let restarted = FullComparison(pool: district.pool, catalog: TestCatalog.all, clock: SystemClock(), chunkSize: 1)
            let resumed = try #require(try await restarted.work())
            #expect(resumed.id == second.id && resumed.status == .done && resumed.compared == 2 && resumed.rechecks == 0)
            #expect(try await Self.findings(district, run: second.id) == (try await Self.findings(district, run: first)))
            #expect(try await Self.findings(district, run: first).count == 1)

            // New checks: the first household's income fell, the second's rose. Killed and resumed again.
            try await Self.checks(district, batch: "h2", [(over.idNumbers[0], 500), (within.idNumbers[0], 3000)])
            let third = try await worker.start(by: nil)
            _ = try await worker.work(chunks: 1)
            _ = try await restarted.work()
            let list = try await district.call(.get, "/api/v1/comparisons/\(third.id)/rechecks", token: try await district.token("town"))
            let rechecks = list.json["items"] as? [[String: Any]] ?? []
            #expect(Set(rechecks.compactMap { $0["householdID"] as? String }) == [over.id.uppercased(), within.id.uppercased()], "\(list.text)")
            let gone = (rechecks.first { $0["householdID"] as? String == over.id.uppercased() }?["changes"] as? [[String: Any]])?.first
            #expect((gone?["before"] as? [String: Any])?["amountFen"] as? Int == 100_000 && gone?["after"] == nil)
            #expect(gone?["ruleName"] as? String == "低保家庭核对收入超过低保标准")
            let new = (rechecks.first { $0["householdID"] as? String == within.id.uppercased() }?["changes"] as? [[String: Any]])?.first
            #expect(new?["before"] == nil && (new?["after"] as? [String: Any])?["level"] as? String == "blue")
            let officer = try await district.call(
                .get, "/api/v1/comparisons/\(third.id)/rechecks", token: try await district.token("medical"))
            #expect(officer.status == .ok && (officer.json["items"] as? [Any])?.isEmpty == true, "\(officer.text)")
            let runs = try await district.call(.get, "/api/v1/comparisons", token: civil).json["items"] as? [[String: Any]] ?? []
            #expect(runs.map { $0["rechecks"] as? Int } == [2, 0, 1] && runs.last?["startedBy"] as? String == "civil")

            // A household that moved to another town is rechecked there, where it lives now.
            let moved = try await district.call(
                .post, "/api/v1/households/\(over.id)/move", token: civil, body: ["gridCode": AccessTests.otherTownGrid.value, "address": "新址1号"])
            #expect(moved.status == .ok, "\(moved.text)")
            let town = try await district.call(.get, "/api/v1/comparisons/\(third.id)/rechecks", token: try await district.token("town"))
            #expect((town.json["items"] as? [[String: Any]])?.compactMap { $0["householdID"] as? String } == [within.id.uppercased()])
            let whole = try await district.call(.get, "/api/v1/comparisons/\(third.id)/rechecks", token: civil)
            let there = (whole.json["items"] as? [[String: Any]])?.first { $0["householdID"] as? String == over.id.uppercased() }
            #expect(there?["gridCode"] as? String == AccessTests.otherTownGrid.value, "\(whole.text)")
        }
    }

    @Test("the schedule starts one comparison per interval, from the interval stored in the database, whatever a server holds in memory")
    func schedule() async throws {
        let clock = ManualClock(CaseAPITests.instant("2026-01-05T10:00:00+08:00"))
        try await APITestDistrict.with(clock: clock) { district in
            // Another server's worker: its catalog's settings in memory are the defaults (every 6 months).
            let worker = FullComparison(pool: district.pool, catalog: TestCatalog.fresh(), clock: clock)
            #expect(try await worker.startIfDue())
            #expect(try await worker.work()?.status == .done)
            #expect(try await !worker.startIfDue(), "one started within the interval")

            let admin = try await district.token("admin")
            let changed = try await district.call(
                .post, "/api/v1/settings/versions", token: admin, body: ["values": ["comparison.intervalMonths": 0], "note": "仅手动比对"])
            #expect(changed.status == .created, "\(changed.text)")
            clock.set(CaseAPITests.instant("2026-07-06T10:00:00+08:00"))
            #expect(try await !worker.startIfDue(), "by hand only, as the database holds")
            let runs: Int = try await district.pool.query("SELECT count(*) AS n FROM comparison_run")[0].decode("n")
            #expect(runs == 1)
        }
    }

    @Test("a running comparison is stopped by hand with a reason, keeping its findings; a new one starts at once and is compared with the last done")
    func cancelled() async throws {
        try await APITestDistrict.with { district in
            let over = try await Alerts.household(district, order: 91, born: [1970, 2008])
            let within = try await Alerts.household(district, order: 92, born: [1971, 2009])
            for household in [over, within] { try await Self.grantDibao(district, household: household.id) }
            try await Self.checks(district, batch: "c1", [(over.idNumbers[0], 2000), (within.idNumbers[0], 1000)])
            let civil = try await district.token("civil")
            let worker = FullComparison(pool: district.pool, catalog: TestCatalog.all, clock: SystemClock(), chunkSize: 1)
            let first = try await worker.start(by: nil)
            #expect(try await worker.work()?.status == .done)

            let second = try await worker.start(by: nil)
            #expect(try await worker.work(chunks: 1)?.compared == 1)
            let path = "/api/v1/comparisons/\(second.id)/cancellation"
            #expect(try await district.call(.post, path, token: try await district.token("grid"), body: ["reason": "x"]).status == .forbidden)
            let bare = try await district.call(.post, path, token: civil, body: ["reason": " "])
            #expect(bare.status == .unprocessableContent && bare.json["field"] as? String == "reason")
            let stopped = try await district.call(.post, path, token: civil, body: ["reason": "核对数据有误，停止本次比对"])
            #expect(stopped.status == .ok && stopped.json["status"] as? String == "cancelled", "\(stopped.text)")
            #expect(stopped.json["cancelReason"] as? String == "核对数据有误，停止本次比对" && stopped.json["compared"] as? Int == 1)
            let again = try await district.call(.post, path, token: civil, body: ["reason": "再停"])
            #expect(again.status == .conflict && again.json["code"] as? String == "comparison_cancelled")
            #expect(try await worker.work() == nil, "nothing left to compare")

            let third = try await district.call(.post, "/api/v1/comparisons", token: civil)
            #expect(third.status == .created, "\(third.text)")
            let thirdID = try #require(UUID(uuidString: third.json["id"] as? String ?? ""))
            let previous = try await district.pool.query("SELECT previous_run_id FROM comparison_run WHERE id = \(thirdID)")
            #expect(try previous.first?.decode("previous_run_id", as: UUID?.self) == first.id)
        }
    }
}
