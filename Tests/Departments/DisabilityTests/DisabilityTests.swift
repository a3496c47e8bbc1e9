import DepartmentTestSupport
import Disability
import SafetyNetKernel
import Testing

@Suite("残疾人两项补贴与康复辅具")
struct DisabilityTests {
    @Test("nursing subsidy: grades 1 and 2 only, whatever the income")
    func nursing() {
        let nursing = SevereDisabilityNursingSubsidy()
        #expect(nursing.assess(Facts.input([Facts.member(age: 50, income: 500_000, disabilityGrade: 1)]), settings: .defaults).amount == 10_000)
        #expect(nursing.assess(Facts.input([Facts.member(age: 50, disabilityGrade: 2)]), settings: .defaults).amount == 8_000)
        #expect(nursing.assess(Facts.input([Facts.member(age: 50, disabilityGrade: 3)]), settings: .defaults).refusalCode == "not_severe")
        #expect(nursing.assess(Facts.input([Facts.member(age: 50)]), settings: .defaults).refusalCode == "no_disability_certificate")
    }

    @Test("living subsidy: disabled members of low-income households")
    func living() {
        let living = DisabilityLivingSubsidy()
        #expect(living.assess(Facts.input([Facts.member(age: 50, disabilityGrade: 4)], categories: [.dibao]), settings: .defaults).amount == 9_000)
        #expect(living.assess(Facts.input([Facts.member(age: 50, disabilityGrade: 4)]), settings: .defaults).refusalCode == "not_in_assisted_group")
    }

    @Test("rehabilitation aids: the cost up to what is left of the yearly cap")
    func aids() {
        let aids = RehabilitationAids()
        let child = Facts.member(age: 9, disabilityGrade: 2)
        #expect(aids.assess(Facts.input([child], claim: Claim(costFen: 120_000)), settings: .defaults).amount == 120_000)
        let spent = AssistanceHistory(grantsThisYear: 1, approvedThisYearFen: 250_000)
        #expect(aids.assess(Facts.input([child], claim: Claim(costFen: 120_000), history: spent), settings: .defaults).amount == 50_000)
        let full = AssistanceHistory(grantsThisYear: 2, approvedThisYearFen: 300_000)
        #expect(
            aids.assess(Facts.input([child], claim: Claim(costFen: 120_000), history: full), settings: .defaults).refusalCode == "annual_cap_reached")
        #expect(
            aids.assess(Facts.input([Facts.member(age: 40, disabilityGrade: 2)], claim: Claim(costFen: 1)), settings: .defaults).refusalCode
                == "not_in_assisted_group")
    }
}
