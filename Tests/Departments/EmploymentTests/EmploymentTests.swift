import DepartmentTestSupport
import Employment
import SafetyNetKernel
import Testing

@Suite("就业援助、公益性岗位与技能培训")
struct EmploymentTests {
    @Test("working age ends at 60; severe disability means no work capacity")
    func workingAge() {
        let assistance = EmploymentAssistance()
        let at59 = Facts.member(age: 59, workCapacity: .full, unemployed: true)
        #expect(assistance.assess(Facts.input([at59], categories: [.dibao]), settings: .defaults).amount == 50_000)
        let at60 = Facts.member(age: 60, workCapacity: .full, unemployed: true)
        #expect(assistance.assess(Facts.input([at60], categories: [.dibao]), settings: .defaults).refusalCode == "not_working_age")
        let severe = Facts.member(age: 30, disabilityGrade: 1, workCapacity: .partial, unemployed: true)
        #expect(assistance.assess(Facts.input([severe], categories: [.dibao]), settings: .defaults).refusalCode == "no_work_capacity")
        let unassessed = Facts.member(age: 30, unemployed: true)
        #expect(assistance.assess(Facts.input([unassessed], categories: [.dibao]), settings: .defaults).missingFields == ["members[].workCapacity"])
        let working = Facts.member(age: 30, workCapacity: .full)
        #expect(assistance.assess(Facts.input([working], categories: [.dibao]), settings: .defaults).refusalCode == "not_registered_unemployed")
    }

    @Test("public-welfare posts: women from 40 and men from 50 are hard to employ")
    func fourtyFifty() {
        let post = PublicWelfarePost()
        let woman40 = Facts.member(age: 40, sex: .female, workCapacity: .full, unemployed: true)
        let man40 = Facts.member(age: 40, sex: .male, workCapacity: .full, unemployed: true)
        let man50 = Facts.member(age: 50, sex: .male, workCapacity: .partial, unemployed: true)
        #expect(post.assess(Facts.input([woman40]), settings: .defaults).amount == 188_000)
        #expect(post.assess(Facts.input([man40]), settings: .defaults).refusalCode == "not_hard_to_employ")
        #expect(post.assess(Facts.input([man40], categories: [.lowIncomeEdge]), settings: .defaults).amount == 188_000)
        #expect(post.assess(Facts.input([man50]), settings: .defaults).amount == 188_000)
    }

    @Test("training: one subsidised course a year unless the district allows more")
    func training() {
        let training = TrainingReferral()
        let person = Facts.member(age: 25, workCapacity: .full)
        let once = AssistanceHistory(grantsThisYear: 1, approvedThisYearFen: 150_000)
        #expect(training.assess(Facts.input([person]), settings: .defaults).amount == 150_000)
        #expect(training.assess(Facts.input([person], history: once), settings: .defaults).refusalCode == "training_limit_reached")
        #expect(
            training.assess(Facts.input([person], history: once), settings: .with(["employment.training.perYear": 2], for: training)).amount
                == 150_000)
    }
}
