import Charity
import DepartmentTestSupport
import SafetyNetKernel
import Testing

@Suite("慈善项目救助")
struct CharityProjectAidTests {
    let aid = CharityProjectAid()

    @Test("the need's cost up to the per-case cap; a need must state its cost")
    func cap() {
        let household = [Facts.member(age: 70)]
        #expect(aid.assess(Facts.input(household, claim: Claim(costFen: 200_000)), settings: .defaults).amount == 200_000)
        #expect(aid.assess(Facts.input(household, claim: Claim(costFen: 900_000)), settings: .defaults).amount == 500_000)
        #expect(aid.assess(Facts.input(household), settings: .defaults).missingFields == ["claim.costFen"])
        #expect(
            aid.assess(
                Facts.input(household, claim: Claim(costFen: 900_000)), settings: .with(["charity.project-aid.perCaseCapFen": 1_000_000], for: aid)
            ).amount == 900_000)
    }
}
