import Foundation
import Testing

/// Issue 15: the console's flows in headless Chromium (Tests/Browser/console_flows.py, selenium),
/// against the real server on the test district: a grid worker on a 360-pixel phone finds the
/// household due, records a visit with a need and sees it in the chain; a wrong password; every
/// page checked for what it shows and for anything the browser's console logs. The screenshots go
/// to docs/screenshots, which the README links.
///
/// `.ci/run` installs Chromium, its driver, the CJK fonts and selenium (in `.build/browser`) and
/// names that Python in `SAFETYNET_BROWSER_PYTHON`; without it the run is skipped locally and
/// refused in CI.
@Suite("the console in a browser")
struct ConsoleBrowserTests {
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["SAFETYNET_BROWSER_PYTHON"] { return named }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import selenium"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") ? "python3" : nil
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// The repository's root, found from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(
        "a grid worker records a visit and files on a resident's behalf at 360 px; the town decides it; the dashboard shows the API's figures; a wrong password is refused; the admin switches a module off and on; no page logs an error",
        .enabled(if: python != nil || required))
    func flows() async throws {
        let python = try #require(Self.python, "selenium or Chromium is missing; .ci/run installs them")
        // The test's own connection waits idle while the browser goes through the flows, longer
        // than the server's idle limit of a minute: it gets half an hour here.
        try await APITestDistrict.with(limits: .init(idle: .seconds(1_800))) { district in
            // A household of the grid worker's grid just put on the ledger at red: its first visit due within the week.
            let household = try await AlertAPITests.household(district, order: 77, born: [1962])
            let started = try await district.call(
                .post, "/api/v1/households/\(household.id)/monitoring", token: try await district.token("town"),
                body: ["categories": ["dibao"], "riskLevel": "red", "reason": "动态监测"])
            #expect(started.status == .created, "\(started.text)")
            // Its self-paid medical costs over the red line: an alert for the grid worker to verify.
            let rows = [AlertAPITests.settlementHeader, AlertAPITests.settlement(household.idNumbers[0], yuan: 60000)]
            _ = try await AlertAPITests.upload(district, feed: "medical-aid.settlements", batch: "browser", csv: rows, as: "medical")
            let (status, output) = try await Self.run(
                python,
                [
                    Self.root.appendingPathComponent("Tests/Browser/console_flows.py").path, "--base", "https://127.0.0.1:\(district.port)",
                    "--household", household.id.uppercased(), "--screenshots", Self.root.appendingPathComponent("docs/screenshots").path,
                ])
            #expect(status == 0, "\(output)")
            for flow in [
                "the grid worker records a visit", "the town accepts, investigates and approves",
                "the supervisor's dashboard shows the API's figures", "the grid worker's open page learns of a change",
            ] {
                #expect(output.contains("passed \(flow)"), "\(output)")
            }
            let visits = try await district.pool.query(
                "SELECT findings FROM visit WHERE household_id = \(UUID(uuidString: household.id)!) AND source = 'app'")
            #expect(
                try visits.map { try $0.decode("findings", as: String.self) }.sorted() == [
                    "乡镇电话回访：药费已报销", "入户核实：户主腿伤未愈，需要医疗救助。", "核实属实：户主住院，家中无其他收入。",
                ])
            // The application the grid worker filed for the household, approved by the town with both limits met in time.
            let relief = try await district.pool.query(
                """
                SELECT c.on_behalf, i.state, bool_and(d.met_at <= d.due_at) AS in_time FROM assistance_case c
                JOIN case_item i ON i.case_id = c.id JOIN deadline d ON d.case_item_id = i.id
                WHERE c.household_id = \(UUID(uuidString: household.id)!) AND i.assistance_type = 'civil-affairs.temporary-relief'
                GROUP BY c.on_behalf, i.state
                """)
            let filed = try #require(relief.first, "the application filed in the browser is not stored")
            #expect(relief.count == 1)
            #expect(try filed.decode("state", as: String.self) == "approved" && filed.decode("on_behalf", as: Bool.self))
            #expect(try filed.decode("in_time", as: Bool.self), "a limit was met late")
            let verified = try await AlertAPITests.alerts(district, "household=\(household.id)", as: "grid")
            #expect(verified.map { $0["status"] as? String } == ["verified"])
            // The admin's switches went through the module store: audited, with the note, and charity is on again.
            let switches = try await district.pool.query(
                "SELECT action, after->>'note' AS note FROM audit_log WHERE entity = 'module' AND entity_id = 'charity' ORDER BY seq")
            #expect(try switches.map { try $0.decode("action", as: String.self) } == ["module.disabled", "module.enabled"])
            #expect(try switches.first?.decode("note", as: String?.self) == "年度慈善项目调整，暂停受理")
            #expect(
                try await district.call(.get, "/api/v1/modules/charity", token: try await district.token("admin")).json["enabled"] as? Bool == true)
        }
    }

    /// Runs `python` with `arguments` on a thread of its own (it takes a while, and the server
    /// under test needs the cooperative threads); its exit status and output.
    static func run(_ python: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = [python] + arguments
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                do { try process.run() } catch { return continuation.resume(throwing: error) }
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, text))
            }
        }
    }
}
