import DepartmentTestSupport
import MedicalAid
import SafetyNetKernel
import Testing

@Suite("医疗救助与大病救助")
struct MedicalAidTests {
    let medical = MedicalAssistance()
    let serious = SeriousIllnessAssistance()
    let patient = Facts.member(age: 66)

    @Test("rate and deductible by standing: tekun in full, dibao 70 %, low-income 60 % above 1,000 yuan")
    func byStanding() {
        let claim = Claim(selfPaidMedicalFen: 1_000_000)
        #expect(medical.assess(Facts.input([patient], categories: [.tekun], claim: claim), settings: .defaults).amount == 1_000_000)
        #expect(medical.assess(Facts.input([patient], categories: [.dibao], claim: claim), settings: .defaults).amount == 700_000)
        #expect(medical.assess(Facts.input([patient], categories: [.lowIncomeEdge], claim: claim), settings: .defaults).amount == 540_000)
        #expect(medical.assess(Facts.input([patient], claim: claim), settings: .defaults).refusalCode == "not_in_assisted_group")
    }

    @Test("costs exactly at the deductible give nothing; what was approved this year is deducted; the cap holds")
    func deductibleHistoryAndCap() {
        let edge: Set<MonitoringCategory> = [.lowIncomeEdge]
        #expect(
            medical.assess(Facts.input([patient], categories: edge, claim: Claim(selfPaidMedicalFen: 100_000)), settings: .defaults).refusalCode
                == "nothing_above_deductible")
        let earlier = AssistanceHistory(grantsThisYear: 1, approvedThisYearFen: 540_000)
        #expect(
            medical.assess(
                Facts.input([patient], categories: edge, claim: Claim(selfPaidMedicalFen: 1_500_000), history: earlier), settings: .defaults
            ).amount == 300_000)
        let nearCap = AssistanceHistory(grantsThisYear: 3, approvedThisYearFen: 4_900_000)
        #expect(
            medical.assess(
                Facts.input([patient], categories: [.tekun], claim: Claim(selfPaidMedicalFen: 9_000_000), history: nearCap), settings: .defaults
            ).amount == 100_000)
        let atCap = AssistanceHistory(grantsThisYear: 4, approvedThisYearFen: 5_000_000)
        #expect(
            medical.assess(
                Facts.input([patient], categories: [.tekun], claim: Claim(selfPaidMedicalFen: 9_000_000), history: atCap), settings: .defaults
            ).refusalCode == "annual_cap_reached")
        #expect(medical.assess(Facts.input([patient], categories: [.tekun]), settings: .defaults).missingFields == ["claim.selfPaidMedicalFen"])
    }

    @Test("serious illness: only above the threshold, for anyone, low-income at the higher rate")
    func seriousIllness() {
        #expect(
            serious.assess(Facts.input([patient], claim: Claim(selfPaidMedicalFen: 2_000_000)), settings: .defaults).refusalCode == "below_threshold")
        #expect(serious.assess(Facts.input([patient], claim: Claim(selfPaidMedicalFen: 2_000_002)), settings: .defaults).amount == 1)
        #expect(serious.assess(Facts.input([patient], claim: Claim(selfPaidMedicalFen: 3_000_000)), settings: .defaults).amount == 500_000)
        #expect(
            serious.assess(Facts.input([patient], categories: [.dibao], claim: Claim(selfPaidMedicalFen: 3_000_000)), settings: .defaults).amount
                == 700_000)
    }
}
