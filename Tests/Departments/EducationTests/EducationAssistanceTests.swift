import DepartmentTestSupport
import Education
import SafetyNetKernel
import Testing

@Suite("教育救助")
struct EducationAssistanceTests {
    let education = EducationAssistance()

    @Test(
        "the grant follows the school stage",
        arguments: [
            (SchoolStage.primary, 100_000), (.juniorSecondary, 125_000), (.seniorSecondary, 200_000), (.higher, 330_000),
        ])
    func byStage(stage: SchoolStage, grant: Int) {
        let student = Facts.member(age: 15, schoolStage: stage)
        #expect(education.assess(Facts.input([student], categories: [.dibao]), settings: .defaults).amount == grant)
    }

    @Test("not a student, not low-income, or granted already this year: refused")
    func refusals() {
        #expect(education.assess(Facts.input([Facts.member(age: 15)], categories: [.dibao]), settings: .defaults).refusalCode == "not_a_student")
        let student = Facts.member(age: 15, schoolStage: .juniorSecondary)
        #expect(education.assess(Facts.input([student]), settings: .defaults).refusalCode == "not_in_assisted_group")
        let orphan = Facts.member(age: 15, schoolStage: .juniorSecondary, lacksParentalCare: true)
        #expect(education.assess(Facts.input([orphan]), settings: .defaults).amount == 125_000)
        #expect(
            education.assess(
                Facts.input([student], categories: [.dibao], history: AssistanceHistory(grantsThisYear: 1, approvedThisYearFen: 125_000)),
                settings: .defaults
            ).refusalCode == "already_granted_this_year")
    }
}
