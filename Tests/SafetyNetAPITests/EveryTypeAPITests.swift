import DemoDistrict
import Foundation
import HTTPTypes
import SafetyNetKernel
import Testing

@Suite("Every assistance type through the API")
struct EveryTypeAPITests {
    /// How one type is applied for: whom it is for, whether the household must hold a low-income
    /// standing on the ledger, and what the investigation finds.
    struct Scenario: Sendable {
        var member: @Sendable (DemoPerson, Int) -> Bool = { _, _ in true }
        var lowIncome = false
        var incomeFen = 0
        var rigidExpenditureFen = 0
        var capable = false
    }

    static let scenarios: [String: Scenario] = [
        "civil-affairs.dibao": Scenario(),
        "civil-affairs.tekun": Scenario(member: { _, age in age >= 60 }),
        "civil-affairs.temporary-relief": Scenario(),
        "civil-affairs.low-income-edge": Scenario(incomeFen: 90_000),
        "civil-affairs.expenditure-hardship": Scenario(incomeFen: 100_000, rigidExpenditureFen: 6_000_000),
        "civil-affairs.child-in-difficulty": Scenario(member: { _, age in age < 18 }),
        "medical-aid.medical-assistance": Scenario(lowIncome: true),
        "medical-aid.serious-illness": Scenario(),
        "education.education-assistance": Scenario(member: { _, age in (6...17).contains(age) }, lowIncome: true),
        "employment.employment-assistance": Scenario(member: { _, age in (16...59).contains(age) }, lowIncome: true, capable: true),
        "employment.public-welfare-post": Scenario(member: { _, age in (16...59).contains(age) }, lowIncome: true, capable: true),
        "employment.training": Scenario(member: { _, age in (16...59).contains(age) }, capable: true),
        "disability.living-subsidy": Scenario(member: { person, _ in person.disability != nil }, lowIncome: true),
        "disability.nursing-subsidy": Scenario(member: { person, _ in (person.disability?.grade ?? 9) <= 2 }),
        "disability.rehabilitation-aids": Scenario(member: { person, _ in person.disability != nil }, lowIncome: true),
        "charity.project-aid": Scenario(),
    ]

    static let deciders = [
        "medical-aid": "medical", "education": "education", "employment": "employment", "disability": "disability", "charity": "charity",
    ]

    @Test("each of the six departments' types is applied for, decided by its own department and paid")
    func everyType() async throws {
        try await APITestDistrict.with { district in
            let (civil, town) = (try await district.token("civil"), try await district.token("town"))
            let townCode = try #require(AccessTests.ownGrid.parent?.parent)
            let types = try #require(try await district.call(.get, "/api/v1/assistance-types", token: civil).json["items"] as? [[String: Any]])
            #expect(Set(types.compactMap { $0["id"] as? String }) == Set(Self.scenarios.keys))
            var used = Set<UUID>()
            for entry in types {
                let type = try #require(entry["id"] as? String)
                let module = try #require(entry["module"] as? String)
                let scenario = try #require(Self.scenarios[type])
                let today = WorkingCalendar.day(of: Date())
                let candidates = district.district.households.compactMap { household -> (DemoHousehold, DemoPerson)? in
                    guard !used.contains(household.id), entry["decisionLevel"] as? String != "town" || townCode.contains(household.grid) else {
                        return nil
                    }
                    let standing: Set<MonitoringCategory> = [.dibao, .tekun, .lowIncomeEdge, .expenditureHardship, .childInDifficulty]
                    if scenario.lowIncome, standing.isDisjoint(with: household.monitoring?.categories ?? []) { return nil }
                    return household.members.first { scenario.member($0, $0.idNumber.birthDate.wholeYears(until: today)) }.map { (household, $0) }
                }
                let (household, person) = try #require(candidates.first, "no household for \(type)")
                used.insert(household.id)
                let personLevel = entry["subject"] as? String == "person"
                let filed = try await district.call(
                    .post, "/api/v1/cases", token: civil,
                    body: [
                        "householdID": household.id.uuidString, "description": "申请\(type)",
                        "items": [personLevel ? ["type": type, "personID": person.id.uuidString] : ["type": type]],
                        "claim": ["costFen": 200_000, "selfPaidMedicalFen": 6_000_000],
                    ])
                let item = try CaseAPITests.item(filed, type)
                for step in ["accept", "investigate"] {
                    let reply = try await district.call(.post, CaseAPITests.itemPath(item, step), token: civil)
                    #expect(reply.status == .ok, "\(type) \(step): \(reply.text)")
                }
                let members: [[String: Any]] = household.members.map { member in
                    let age = member.idNumber.birthDate.wholeYears(until: today)
                    var facts: [String: Any] = [
                        "personID": member.id.uuidString, "monthlyIncomeFen": scenario.incomeFen,
                        "workCapacity": scenario.capable && member.id == person.id ? "full" : "none", "selfCare": "full",
                        "registeredUnemployed": true, "hasAbleSupporter": false, "lacksParentalCare": age < 18,
                    ]
                    if (6...17).contains(age) { facts["schoolStage"] = age < 12 ? "primary" : age < 15 ? "junior_secondary" : "senior_secondary" }
                    return facts
                }
                let findings = try await district.call(
                    .post, CaseAPITests.itemPath(item, "findings"), token: civil,
                    body: [
                        "facts": [
                            "financialAssetsFen": 0, "vehicles": 0, "annualRigidExpenditureFen": scenario.rigidExpenditureFen, "members": members,
                        ]
                    ])
                #expect(findings.status == .ok, "\(type) findings: \(findings.text)")
                let decider = entry["decisionLevel"] as? String == "town" ? town : try await district.token(Self.deciders[module] ?? "civil")
                let approved = try await district.call(.post, CaseAPITests.itemPath(item, "approve"), token: decider)
                #expect(approved.status == .ok, "\(type): \(approved.text)")
                guard let benefit = try CaseAPITests.item(approved, type)["benefit"] as? [String: Any], benefit["period"] as? String != "recognition"
                else { continue }
                let amount = try #require(benefit["amountFen"] as? Int, "\(type): \(approved.text)")
                #expect(amount > 0, "\(type): \(approved.text)")
                let paid = try await district.call(
                    .post, CaseAPITests.itemPath(item, "payments"), token: decider,
                    body: [
                        "amountFen": amount, "period": today.description, "payeePersonID": person.id.uuidString,
                    ])
                #expect(paid.status == .created, "\(type): \(paid.text)")
            }
        }
    }
}
