import DemoDistrict
import Foundation
import Logging
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Switching department modules on a running server")
struct ModuleSwitchAPITests {
    static let medicalAid = "/api/v1/modules/medical-aid"

    /// A case with temporary relief and serious illness, and a referral to medical aid.
    struct MedicalWork: Sendable {
        let household: DemoHousehold
        let caseID: String
        let relief: String
        let illness: String
        let referral: String

        /// The path of a step on the relief or illness item.
        static func step(_ item: String, _ step: String) -> String { "/api/v1/case-items/\(item)/\(step)" }
    }

    /// Files a ``MedicalWork`` in the grid worker's grid.
    static func medicalWork(_ district: APITestDistrict, grid: String) async throws -> MedicalWork {
        let household = try #require(district.district.households.first { $0.grid == AccessTests.ownGrid && $0.members.count >= 2 })
        let head = household.members[0].id.uuidString
        let filed = try await district.call(
            .post, "/api/v1/cases", token: grid,
            body: [
                "householdID": household.id.uuidString, "description": "住院", "onBehalf": true, "applicantPersonID": head,
                "items": [["type": "civil-affairs.temporary-relief"], ["type": "medical-aid.serious-illness", "personID": head]],
                "claim": ["costFen": 200_000, "selfPaidMedicalFen": 3_000_000],
            ])
        #expect(filed.status == .created, "\(filed.text)")
        let referral = try await district.call(
            .post, "/api/v1/referrals", token: grid,
            body: [
                "householdID": household.id.uuidString, "need": "medical", "module": "medical-aid", "personID": head, "description": "住院自付高",
            ])
        #expect(referral.status == .created, "\(referral.text)")
        return MedicalWork(
            household: household, caseID: try #require(filed.json["id"] as? String),
            relief: try #require(try CaseAPITests.item(filed, "civil-affairs.temporary-relief")["id"] as? String),
            illness: try #require(try CaseAPITests.item(filed, "medical-aid.serious-illness")["id"] as? String),
            referral: try #require(referral.json["id"] as? String))
    }

    static func newMedicalCase(_ household: DemoHousehold) -> [String: Any] {
        [
            "householdID": household.id.uuidString, "description": "再次申请", "onBehalf": true,
            "items": [["type": "medical-aid.medical-assistance", "personID": household.members[0].id.uuidString]],
            "claim": ["selfPaidMedicalFen": 1_000_000],
        ]
    }

    @Test(
        "disabling medical aid refuses its types and routes with module_disabled, keeps and lists its work, is pushed; enabling restores it — no restart"
    )
    func disableAndEnable() async throws {
        try await APITestDistrict.with { district in
            let (grid, town, medical, admin) = (
                try await district.token("grid"), try await district.token("town"),
                try await district.token("medical"), try await district.token("admin")
            )
            let education = try await district.token("education")
            let work = try await Self.medicalWork(district, grid: grid)
            let referralPath = "/api/v1/referrals/\(work.referral)"
            // Another department's officer hears of the switches, though neither concerns their own module.
            let events = try await EventPushTests.receive(2, port: district.port, token: education) {
                #expect(try await district.call(.post, "\(Self.medicalAid)/disable", token: medical).json["code"] as? String == "forbidden")
                let off = try await district.call(.post, "\(Self.medicalAid)/disable", token: admin, body: ["note": "医保系统割接"])
                #expect(off.status == .ok, "\(off.text)")
                let module = try #require(off.json["module"] as? [String: Any])
                #expect(off.json["changed"] as? Bool == true && module["enabled"] as? Bool == false)
                let openWork = try #require(module["openWork"] as? [String: Int])
                #expect(openWork["openCaseItems"] == 1 && openWork["openReferrals"] == 1)
                #expect(try await district.call(.post, "\(Self.medicalAid)/disable", token: admin).json["changed"] as? Bool == false)

                // Its types are listed as off and refuse applications; nothing is filed.
                let types = try #require(try await district.call(.get, "/api/v1/assistance-types", token: grid).json["items"] as? [[String: Any]])
                #expect(types.filter { $0["enabled"] as? Bool == false }.map { $0["module"] as? String } == ["medical-aid", "medical-aid"])
                let refused = try await district.call(.post, "/api/v1/cases", token: grid, body: Self.newMedicalCase(work.household))
                #expect(refused.status == .conflict && refused.json["code"] as? String == "module_disabled", "\(refused.text)")
                #expect((refused.json["message"] as? String)?.contains("medical-aid") == true)
                let cases = try await district.call(.get, "/api/v1/households/\(work.household.id.uuidString)/cases", token: grid)
                #expect((cases.json["items"] as? [Any])?.count == 1)

                // Its open work refuses steps but is kept, readable and listed; other departments' items go on.
                #expect(
                    try await district.call(.post, MedicalWork.step(work.illness, "accept"), token: town).json["code"] as? String == "module_disabled"
                )
                #expect(try await district.call(.get, MedicalWork.step(work.illness, "assessment"), token: town).status == .ok)
                #expect(try await district.call(.post, MedicalWork.step(work.relief, "accept"), token: town).status == .ok)
                #expect(try await district.call(.post, "\(referralPath)/accept", token: medical).json["code"] as? String == "module_disabled")
                let resent = try await district.call(
                    .post, "/api/v1/referrals", token: grid,
                    body: [
                        "householdID": work.household.id.uuidString, "need": "medical", "module": "medical-aid", "description": "再转",
                    ])
                #expect(resent.json["code"] as? String == "module_disabled")
                // A medical need sent to the district without a department goes to civil affairs meanwhile.
                let routed = try await district.call(
                    .post, "/api/v1/referrals", token: grid,
                    body: [
                        "householdID": work.household.id.uuidString, "need": "medical", "level": "district", "description": "未指定部门",
                    ])
                #expect(routed.status == .created && routed.json["module"] as? String == "civil-affairs", "\(routed.text)")
                let kept = try await district.call(.get, "/api/v1/cases/\(work.caseID)", token: town)
                #expect(kept.status == .ok && (kept.json["items"] as? [[String: Any]])?.count == 2)
                let listed = try await district.call(.get, "\(Self.medicalAid)/open-work", token: admin)
                let ids = Set((listed.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
                #expect(ids == [work.illness, work.referral], "\(listed.text)")
                // A page at a time: the cursor leads to the rest, and the last page has none.
                let first = try await district.call(.get, "\(Self.medicalAid)/open-work?limit=1", token: admin)
                let cursor = try #require(first.json["nextCursor"] as? String, "\(first.text)")
                let second = try await district.call(.get, "\(Self.medicalAid)/open-work?limit=1&cursor=\(cursor)", token: admin)
                let paged = [first, second].flatMap { ($0.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
                #expect(Set(paged) == ids && paged.count == 2)
                let last = try await district.call(
                    .get, "\(Self.medicalAid)/open-work?limit=1&cursor=\(try #require(second.json["nextCursor"] as? String))", token: admin)
                #expect((last.json["items"] as? [Any])?.isEmpty == true && last.json["nextCursor"] == nil)
                // The town sees the same (it is in its town), counted in its scope; the officer of another department sees nothing.
                let inTown = try await district.call(.get, "\(Self.medicalAid)/open-work", token: town)
                #expect(Set((inTown.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == ids, "\(inTown.text)")
                #expect((inTown.json["workload"] as? [String: Int])?["openReferrals"] == 1)
                #expect(try await district.call(.get, "\(Self.medicalAid)/open-work", token: education).status == .forbidden)

                let on = try await district.call(.post, "\(Self.medicalAid)/enable", token: admin)
                #expect(on.status == .ok && (on.json["module"] as? [String: Any])?["enabled"] as? Bool == true, "\(on.text)")
                #expect(try await district.call(.post, MedicalWork.step(work.illness, "accept"), token: town).status == .ok)
                #expect(try await district.call(.post, "\(referralPath)/accept", token: medical).status == .ok)
                #expect(try await district.call(.post, "/api/v1/cases", token: grid, body: Self.newMedicalCase(work.household)).status == .created)
            }
            let pushed = events.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(pushed.map { $0["type"] as? String } == ["module.disabled", "module.enabled"])
            #expect(pushed.allSatisfy { $0["module"] as? String == "medical-aid" && $0["by"] as? String == "admin" })
        }
    }

    @Test("the lead module stays on, unknown modules are 404, and only the admin switches")
    func refusals() async throws {
        try await APITestDistrict.with { district in
            let admin = try await district.token("admin")
            let civil = try await district.call(.post, "/api/v1/modules/civil-affairs/disable", token: admin)
            #expect(civil.status == .conflict && civil.json["code"] as? String == "module_required")
            let unknown = try await district.call(.post, "/api/v1/modules/housing/enable", token: admin)
            #expect(unknown.status == .notFound && unknown.json["code"] as? String == "unknown_module")
            #expect(try await district.call(.post, "/api/v1/modules/charity/disable", token: try await district.token("civil")).status == .forbidden)
            let list = try await district.call(.get, "/api/v1/modules", token: try await district.token("grid"))
            let entries = try #require(list.json["items"] as? [[String: Any]])
            #expect(entries.map { $0["id"] as? String } == TestCatalog.modules.map(\.descriptor.id.rawValue))
            #expect(entries.allSatisfy { $0["enabled"] as? Bool == true && $0["version"] as? String == "0.2.0" })
            #expect(
                try await district.call(.get, "/api/v1/modules/charity/open-work", token: try await district.token("medical")).status == .forbidden)
        }
    }

    @Test("a switch made by another process (the command line) reaches the running server without a restart")
    func switchFromElsewhere() async throws {
        try await APITestDistrict.with { district in
            let grid = try await district.token("grid")
            let household = try district.household(inGrid: AccessTests.ownGrid)
            let elsewhere = ModuleSwitchboard(modules: TestCatalog.modules)
            let filed = try await district.call(.post, "/api/v1/cases", token: grid, body: Self.newMedicalCase(household))
            let item = try #require((filed.json["items"] as? [[String: Any]])?.first?["id"] as? String, "\(filed.text)")
            _ = try await elsewhere.switchModule(
                "medical-aid", on: false, note: nil, by: nil, source: "cli", in: district.pool, logger: Logger(label: "cli"))
            #expect(
                try await APITestDistrict.eventually {
                    try await district.call(.post, "/api/v1/cases", token: grid, body: Self.newMedicalCase(household)).json["code"] as? String
                        == "module_disabled"
                })
            // The applicant may still withdraw while the department is off.
            let withdrawn = try await district.call(.post, MedicalWork.step(item, "withdraw"), token: try await district.token("town"))
            #expect(withdrawn.status == .ok, "\(withdrawn.text)")
            _ = try await elsewhere.switchModule(
                "medical-aid", on: true, note: nil, by: nil, source: "cli", in: district.pool, logger: Logger(label: "cli"))
            #expect(
                try await APITestDistrict.eventually {
                    try await district.call(.post, "/api/v1/cases", token: grid, body: Self.newMedicalCase(household)).status == .created
                })
        }
    }
}
