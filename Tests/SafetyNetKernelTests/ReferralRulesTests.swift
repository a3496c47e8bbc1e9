import Foundation
import SafetyNetKernel
import Testing

@Suite("Referral rules")
struct ReferralRulesTests {
    struct Department: DepartmentModule {
        let id: String
        let referralHandling: ReferralHandling
        var leadsJointCases: Bool { id == "civil" }
        var descriptor: ModuleDescriptor {
            ModuleDescriptor(id: ModuleID(stringLiteral: id), chineseName: id, englishName: id, version: ModuleVersion(0, 1, 0))
        }
    }

    static let catalog = try! AssistanceCatalog(modules: [
        Department(id: "clinic", referralHandling: ReferralHandling(needs: [.medical, .other])),
        Department(id: "civil", referralHandling: ReferralHandling(needs: [.livelihood, .other])),
        Department(id: "goodwill", referralHandling: ReferralHandling(needs: [], takesUncoveredNeeds: true)),
        Department(id: "archive", referralHandling: .none),
    ])
    static let grid = try! RegionCode("220202001001001")
    static let (civil, clinic) = (ModuleID("civil"), ModuleID("clinic"))

    @Test("each level answers from its own region: the village, the town, the district")
    func regions() {
        #expect(HandlingLevel.village.region(for: Self.grid).value == "220202001001")
        #expect(HandlingLevel.town.region(for: Self.grid).value == "220202001000")
        #expect(HandlingLevel.district.region(for: Self.grid).value == "220202000000")
        #expect(HandlingLevel.districtLead.region(for: Self.grid).value == "220202000000")
        #expect(HandlingLevel.districtLead.escalation == nil)
    }

    @Test("unnamed referrals start at the village; a named department at the district; the district finds the need's department")
    func routing() {
        let catalog = Self.catalog
        #expect(catalog.referralHandling.keys.map(\.rawValue).sorted() == ["civil", "clinic", "goodwill"])
        #expect(catalog.address(for: .medical, module: nil, level: nil) == ReferralAddress(module: nil, level: .village))
        #expect(catalog.address(for: .medical, module: Self.clinic, level: nil) == ReferralAddress(module: Self.clinic, level: .district))
        #expect(catalog.address(for: .medical, module: nil, level: .district) == ReferralAddress(module: Self.clinic, level: .district))
        // Both cover "other": the lead module comes first; a need nobody covers goes to charity.
        #expect(catalog.department(for: .other) == Self.civil)
        #expect(catalog.department(for: .housing) == ModuleID("goodwill"))
        let atTown = ReferralAddress(module: nil, level: .town)
        #expect(atTown.escalated.map { catalog.routed($0, need: .medical) } == ReferralAddress(module: Self.clinic, level: .district))
        // A switched-off department is passed over for the lead; one named by the sender is kept.
        let clinicOff: (ModuleID) -> Bool = { $0 != Self.clinic }
        #expect(atTown.escalated.map { catalog.routed($0, need: .medical, isOn: clinicOff) } == ReferralAddress(module: Self.civil, level: .district))
        #expect(catalog.address(for: .medical, module: Self.clinic, level: nil, isOn: clinicOff).module == Self.clinic)
        #expect(catalog.department(for: .housing, isOn: { $0 != ModuleID("goodwill") }) == Self.civil)
        #expect(ReferralAddress(module: Self.clinic, level: .district).escalated == ReferralAddress(module: Self.clinic, level: .districtLead))
        #expect(ReferralWorkflow.escalated(from: .accepted) == .sent && ReferralWorkflow.escalated(from: .resolved) == nil)
    }

    @Test("who answers: the addressed level in scope, a named department for itself, the lead at the top")
    func answering() {
        let district = try! RegionCode("220202000000")
        let town = try! RegionCode("220202001000")
        let village = try! RegionCode("220202001001")
        let villager = Principal(id: UUID(), name: "v", role: .village, scope: village)
        let townOffice = Principal(id: UUID(), name: "t", role: .town, scope: town)
        let lead = Principal(id: UUID(), name: "c", role: .districtCivilAffairs, scope: district, department: Self.civil)
        let doctor = Principal(id: UUID(), name: "d", role: .departmentOfficer, scope: district, department: Self.clinic)
        let answers = { (principal: Principal, address: ReferralAddress) in
            (try? principal.requireAnswer(to: address, grid: Self.grid, leadModule: Self.civil)) != nil
        }
        #expect(answers(villager, ReferralAddress(module: nil, level: .village)))
        #expect(!answers(villager, ReferralAddress(module: nil, level: .town)))
        #expect(answers(townOffice, ReferralAddress(module: nil, level: .town)))
        #expect(!answers(townOffice, ReferralAddress(module: Self.clinic, level: .town)))
        #expect(!answers(doctor, ReferralAddress(module: nil, level: .district)))
        #expect(answers(doctor, ReferralAddress(module: Self.clinic, level: .district)))
        #expect(!answers(lead, ReferralAddress(module: Self.clinic, level: .district)))
        #expect(answers(lead, ReferralAddress(module: Self.clinic, level: .districtLead)))
        #expect(answers(doctor, ReferralAddress(module: Self.clinic, level: .districtLead)))
    }
}
