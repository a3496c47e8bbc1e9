import CivilAffairs
import DepartmentTestSupport
import SafetyNetKernel
import Testing

@Suite("最低生活保障")
struct DibaoTests {
    let dibao = Dibao()
    let standard = DistrictParameters.dibaoStandard.defaultValue

    @Test("a household of one exactly at the standard is refused; one fen below gets one fen")
    func atTheStandard() {
        #expect(
            dibao.assess(Facts.input([Facts.member(age: 50, income: standard)]), settings: .defaults).refusalCode == "income_at_or_above_standard")
        #expect(dibao.assess(Facts.input([Facts.member(age: 50, income: standard - 1)]), settings: .defaults).amount == 1)
    }

    @Test("the benefit is the gap times the members")
    func gapTimesMembers() {
        let members = [Facts.member(age: 45, income: 60_000), Facts.member(age: 43, income: 0), Facts.member(age: 12, income: 0)]
        let result = dibao.assess(Facts.input(members), settings: .defaults)
        #expect(result.amount == standard * 3 - 60_000)
        #expect(result.benefit?.period == .monthly)
    }

    @Test("a member with no income record stops the rules and is named")
    func memberWithoutIncome() {
        let result = dibao.assess(Facts.input([Facts.member(age: 45, income: 0), Facts.member(age: 70, income: nil)]), settings: .defaults)
        #expect(result.missingFields == ["members[].monthlyIncomeFen"])
    }

    @Test("assets exactly at 24 months of the standard pass; one fen more fails; a car fails")
    func assetTest() {
        let one = [Facts.member(age: 60, income: 0)]
        #expect(dibao.assess(Facts.input(one, assets: standard * 24), settings: .defaults).amount == standard)
        #expect(dibao.assess(Facts.input(one, assets: standard * 24 + 1), settings: .defaults).refusalCode == "assets_above_limit")
        #expect(dibao.assess(Facts.input(one, vehicles: 1), settings: .defaults).refusalCode == "vehicle_owned")
        #expect(dibao.assess(Facts.input(one, assets: nil), settings: .defaults).missingFields == ["financialAssetsFen"])
    }

    @Test("the district's own standard is used")
    func districtStandard() {
        let settings = AssistanceSettings.with(["district.dibaoStandardFen": 80_000], for: dibao)
        #expect(dibao.assess(Facts.input([Facts.member(age: 50, income: standard)]), settings: settings).amount == 80_000 - standard)
    }
}

@Suite("特困人员救助供养")
struct TekunTests {
    let tekun = Tekun()
    let standard = DistrictParameters.dibaoStandard.defaultValue

    @Test("an old person with no income and no able supporter: 1.3 standards plus care")
    func granted() {
        let person = Facts.member(age: 70, income: 0, selfCare: .dependent, ableSupporter: false)
        #expect(tekun.assess(Facts.input([person]), settings: .defaults).amount == standard * 13 / 10 + 80_000)
    }

    @Test("work capacity: age and severe disability settle it, otherwise it must be assessed and be none")
    func workCapacity() {
        let adult = Facts.member(age: 45, income: 0, selfCare: .independent, ableSupporter: false)
        #expect(tekun.assess(Facts.input([adult]), settings: .defaults).missingFields == ["members[].workCapacity"])
        var able = adult
        able.workCapacity = .partial
        #expect(tekun.assess(Facts.input([able]), settings: .defaults).refusalCode == "has_work_capacity")
        let severe = Facts.member(age: 45, income: 0, disabilityGrade: 2, workCapacity: .full, selfCare: .partlyDependent, ableSupporter: false)
        #expect(tekun.assess(Facts.input([severe]), settings: .defaults).amount == standard * 13 / 10 + 40_000)
    }

    @Test("income at the dibao standard is a source of livelihood; an able supporter refuses")
    func incomeAndSupporter() {
        #expect(
            tekun.assess(Facts.input([Facts.member(age: 70, income: standard, selfCare: .independent, ableSupporter: false)]), settings: .defaults)
                .refusalCode == "has_income_source")
        #expect(
            tekun.assess(
                Facts.input([Facts.member(age: 70, income: standard - 1, selfCare: .independent, ableSupporter: false)]), settings: .defaults
            ).amount != nil)
        #expect(
            tekun.assess(Facts.input([Facts.member(age: 70, income: 0, selfCare: .independent, ableSupporter: true)]), settings: .defaults)
                .refusalCode == "supporter_able")
        #expect(
            tekun.assess(Facts.input([Facts.member(age: 70, income: 0, selfCare: .independent)]), settings: .defaults).missingFields == [
                "members[].hasAbleSupporter"
            ])
    }
}

@Suite("临时救助")
struct TemporaryReliefTests {
    let relief = TemporaryRelief()
    let standard = DistrictParameters.dibaoStandard.defaultValue

    @Test("ordinary path: income must be below twice the standard; the cost is capped at 6 standards")
    func ordinary() {
        let cost = Claim(costFen: 1_000_000)
        #expect(
            relief.assess(Facts.input([Facts.member(age: 40, income: standard * 2 - 1)], claim: cost), settings: .defaults).amount == standard * 6)
        #expect(
            relief.assess(Facts.input([Facts.member(age: 40, income: standard * 2)], claim: cost), settings: .defaults).refusalCode
                == "income_above_relief_line")
        #expect(relief.assess(Facts.input([Facts.member(age: 40, income: 0)], claim: Claim(costFen: 30_000)), settings: .defaults).amount == 30_000)
    }

    @Test("emergency path: no income test, cap of 12 standards")
    func emergency() {
        let claim = Claim(urgency: .emergency, costFen: 5_000_000)
        #expect(relief.assess(Facts.input([Facts.member(age: 40, income: nil)], claim: claim), settings: .defaults).amount == standard * 12)
    }

    @Test("a second relief in a year needs a heavy cost, a third is refused")
    func secondRelief() {
        let once = AssistanceHistory(grantsThisYear: 1, approvedThisYearFen: 100_000)
        let member = [Facts.member(age: 40, income: 0)]
        #expect(
            relief.assess(Facts.input(member, claim: Claim(costFen: 1_999_999), history: once), settings: .defaults).refusalCode
                == "second_relief_needs_heavy_cost")
        #expect(relief.assess(Facts.input(member, claim: Claim(costFen: 2_000_000), history: once), settings: .defaults).amount == standard * 6)
        let twice = AssistanceHistory(grantsThisYear: 2, approvedThisYearFen: 500_000)
        #expect(
            relief.assess(Facts.input(member, claim: Claim(costFen: 9_000_000), history: twice), settings: .defaults).refusalCode
                == "relief_limit_reached")
        #expect(relief.assess(Facts.input(member), settings: .defaults).missingFields == ["claim.costFen"])
    }
}

@Suite("低保边缘与支出型困难认定")
struct RecognitionTests {
    let standard = DistrictParameters.dibaoStandard.defaultValue

    @Test("edge: from the standard up to below 1.5 standards")
    func edge() {
        let edge = LowIncomeEdge()
        #expect(edge.assess(Facts.input([Facts.member(age: 40, income: standard)]), settings: .defaults).benefit?.period == .recognition)
        #expect(edge.assess(Facts.input([Facts.member(age: 40, income: standard - 1)]), settings: .defaults).refusalCode == "qualifies_for_dibao")
        #expect(
            edge.assess(Facts.input([Facts.member(age: 40, income: standard * 3 / 2)]), settings: .defaults).refusalCode == "income_above_edge_line")
    }

    @Test("expenditure hardship: income after a year's rigid spending below the edge line")
    func expenditure() {
        let hardship = ExpenditureHardship()
        let income = standard * 3
        let line = standard * 3 / 2 * 2 * 12  // what two members may keep in a year
        let members = [Facts.member(age: 40, income: income), Facts.member(age: 38, income: 0)]
        #expect(hardship.assess(Facts.input(members, rigidSpending: income * 12 - line + 1), settings: .defaults).benefit?.period == .recognition)
        #expect(
            hardship.assess(Facts.input(members, rigidSpending: income * 12 - line), settings: .defaults).refusalCode
                == "income_after_spending_above_line")
        #expect(hardship.assess(Facts.input(members), settings: .defaults).missingFields == ["annualRigidExpenditureFen"])
    }
}

@Suite("困境儿童")
struct ChildInDifficultyTests {
    let type = ChildInDifficulty()

    @Test("a child without parental care gets the higher allowance; at 18 it is refused")
    func ages() {
        #expect(type.assess(Facts.input([Facts.member(age: 17, lacksParentalCare: true)]), settings: .defaults).amount == 150_000)
        #expect(type.assess(Facts.input([Facts.member(age: 18, lacksParentalCare: true)]), settings: .defaults).refusalCode == "not_a_child")
    }

    @Test("a child of a dibao household or with a disability; otherwise care must be checked")
    func otherChildren() {
        #expect(type.assess(Facts.input([Facts.member(age: 8)], categories: [.dibao]), settings: .defaults).amount == 50_000)
        #expect(type.assess(Facts.input([Facts.member(age: 8, disabilityGrade: 3)]), settings: .defaults).amount == 50_000)
        #expect(type.assess(Facts.input([Facts.member(age: 8)]), settings: .defaults).missingFields == ["members[].lacksParentalCare"])
        #expect(type.assess(Facts.input([Facts.member(age: 8, lacksParentalCare: false)]), settings: .defaults).refusalCode == "no_difficulty")
    }
}
