import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// A household as the grid worker sees it at the door: the address and the ledger, the members
/// (ID and phone numbers masked), the form to record a visit, and its assistance chain (救助链).
public struct HouseholdPage: ConsolePage {
    public static let template = "household"

    struct Ledger: Sendable {
        let categories: String
        let risk: RiskBadge
        let since: String
        let reason: String
    }

    struct Member: Sendable {
        let name: String
        let relation: String
        let sex: String
        let birthDate: String
        let idNumber: String
        let phone: String
        let notes: String
    }

    struct Step: Sendable {
        let at: String
        let stage: String
        let stageCode: String
        let kind: String
        let department: String
        let actor: String
        let summary: String
    }

    /// The visit form as it was sent, for showing it again with its problem.
    public struct VisitForm: Sendable {
        let kind: String
        let visitedAt: String
        let findings: String
        let needs: Set<String>
        let problem: String?

        /// A form as sent: `kind`, `visitedAt` (datetime-local), `findings`, `needs`, and what was wrong with it.
        public init(kind: String, visitedAt: String, findings: String, needs: Set<String>, problem: String?) {
            self.kind = kind
            self.visitedAt = visitedAt
            self.findings = findings
            self.needs = needs
            self.problem = problem
        }

        /// An empty form: a home visit now.
        static func empty(now: Date) -> VisitForm {
            VisitForm(kind: VisitKind.home.rawValue, visitedAt: ChineseFormat.localInput(now), findings: "", needs: [], problem: nil)
        }
    }

    /// The fields of a visit form as the template shows them, for a visit of its own or the look
    /// in the field an alert asks for.
    struct VisitFields: Sendable {
        let kinds: [SelectOption]
        let needs: [SelectOption]
        let visitedAt: String
        let latestVisitAt: String
        let findings: String
        let problem: String?

        init(_ form: VisitForm, now: Date) {
            kinds = [(VisitKind.home, "入户走访"), (VisitKind.phone, "电话巡访")].map {
                SelectOption(value: $0.0.rawValue, label: $0.1, selected: form.kind == $0.0.rawValue)
            }
            needs = Need.allCases.map { SelectOption(value: $0.rawValue, label: $0.chineseName, selected: form.needs.contains($0.rawValue)) }
            visitedAt = form.visitedAt
            latestVisitAt = ChineseFormat.localInput(now)
            findings = form.findings
            problem = form.problem
        }
    }

    /// The referral form as it was sent, for showing it again with its problem; or, after a visit
    /// was recorded, the visit it comes from and the need to start with.
    public struct ReferralForm: Sendable {
        let visitID: String?
        let need: String
        let module: String
        let description: String
        let problem: String?

        /// A form as sent (or prepared after a visit): the visit it comes from, `need`, `module` ("" to route by need), `description`.
        public init(visitID: String?, need: String, module: String, description: String, problem: String?) {
            self.visitID = visitID
            self.need = need
            self.module = module
            self.description = description
            self.problem = problem
        }
    }

    /// Where a referral can go: a department that takes referrals and is switched on.
    public struct Department: Sendable {
        let id: String
        let name: String

        /// The department `id`, named `name`.
        public init(id: ModuleID, name: String) {
            self.id = id.rawValue
            self.name = name
        }
    }

    /// An assistance type the 帮办代办 form offers: one whose module is on.
    public struct OfferedType: Sendable {
        let id: String
        let label: String

        /// The type `id` named `name`, of `department`; `personal` when it is granted to one member.
        public init(id: AssistanceTypeID, name: String, department: String, personal: Bool) {
            self.id = id.rawValue
            self.label = "\(name)（\(department)·\(personal ? "个人" : "按户")）"
        }
    }

    /// The 帮办代办 form: the types offered and, after a refusal, what was typed and why it was refused.
    public struct FilingForm: Sendable {
        let types: [OfferedType]
        let typed: [String: String]
        let ticked: Set<String>
        let problem: String?

        /// The form offering `types`; `typed` and `ticked` as sent, refused for `problem`.
        public init(types: [OfferedType], typed: [String: String] = [:], ticked: Set<String> = [], problem: String? = nil) {
            self.types = types
            self.typed = typed
            self.ticked = ticked
            self.problem = problem
        }
    }

    /// The form's fields as the template shows them.
    struct Filing: Sendable {
        let types: [SelectOption]
        let members: [SelectOption]
        let applicants: [SelectOption]
        let urgencies: [SelectOption]
        let description: String
        let cost: String
        let medical: String
        let problem: String?
    }

    /// One of the household's applications, with where each of its types stands.
    struct Application: Sendable {
        let href: String
        let applied: String
        let items: String
    }

    let frame: PageFrame
    let householdID: String
    let address: String
    let gridCode: String
    let closed: Bool
    let ledger: Ledger?
    let members: [Member]
    let canRecordVisit: Bool
    let visit: VisitFields
    let steps: [Step]
    let canSendReferral: Bool
    let referralVisitID: String?
    let referralNeeds: [SelectOption]
    let referralDepartments: [SelectOption]
    let referralDescription: String
    let referralProblem: String?
    let filing: Filing?
    let applications: [Application]
    let showsApplications: Bool

    /// The page of `household` with its `chain`; `canRecordVisit` shows the visit form, filled as
    /// `form` when it comes back with a problem; `departments` (nil for a role that sends none)
    /// shows the referral form, filled as `referral`; `filing` (nil for a role that files none) shows
    /// the 帮办代办 form; `cases` (nil for a role that reads none) lists the household's applications.
    /// `departmentName` names a module's department.
    public init(
        frame: PageFrame, household: HouseholdView, chain: AssistanceChainView?, canRecordVisit: Bool, form: VisitForm?,
        departments: [Department]?, referral: ReferralForm?, filing: FilingForm? = nil, cases: [CaseView]? = nil, now: Date,
        departmentName: (ModuleID) -> String
    ) {
        let form = form ?? VisitForm.empty(now: now)
        self.frame = frame
        householdID = household.id.uuidString
        address = household.address
        gridCode = household.gridCode.value
        closed = household.status == .closed
        ledger = household.monitoring.map {
            Ledger(
                categories: $0.categories.map(\.chineseName).joined(separator: "、"), risk: RiskBadge($0.riskLevel),
                since: ChineseFormat.date($0.since), reason: $0.reason)
        }
        members = household.members.map(Self.member)
        self.canRecordVisit = canRecordVisit && household.status == .active
        visit = VisitFields(form, now: now)
        let referral = referral ?? ReferralForm(visitID: nil, need: "", module: "", description: "", problem: nil)
        canSendReferral = departments != nil && household.status == .active
        referralVisitID = referral.visitID
        referralNeeds = Need.allCases.map { SelectOption(value: $0.rawValue, label: $0.chineseName, selected: referral.need == $0.rawValue) }
        referralDepartments =
            [SelectOption(value: "", label: "按程序先转村(社区)，逾期逐级上转", selected: referral.module.isEmpty)]
            + (departments ?? []).map { SelectOption(value: $0.id, label: $0.name, selected: referral.module == $0.id) }
        referralDescription = referral.description
        referralProblem = referral.problem
        self.filing = household.status == .active ? filing.map { Self.filing($0, members: household.members) } : nil
        showsApplications = cases != nil
        applications = (cases ?? []).map { view in
            Application(
                href: "/cases/\(view.id.uuidString)", applied: ChineseFormat.date(view.appliedAt),
                items: view.items.map { "\($0.typeName)：\($0.state.chineseName)" }.joined(separator: "；"))
        }
        steps = (chain?.entries ?? []).reversed().map { entry in
            Step(
                at: ChineseFormat.dateTime(entry.at), stage: entry.stage.chineseName, stageCode: entry.stage.rawValue,
                kind: ChainStepName.of(entry.kind), department: entry.module.map(departmentName) ?? "", actor: entry.actor,
                summary: entry.summary)
        }
    }

    private static func filing(_ form: FilingForm, members: [PersonView]) -> Filing {
        let active = members.filter { $0.status == .active }
        let people = { (field: String) in
            active.map { SelectOption(value: $0.id.uuidString, label: $0.name, selected: form.typed[field] == $0.id.uuidString) }
        }
        let urgency = form.typed["urgency"] ?? Urgency.normal.rawValue
        return Filing(
            types: form.types.map { SelectOption(value: $0.id, label: $0.label, selected: form.ticked.contains($0.id)) },
            members: people("personID"), applicants: people("applicant"),
            urgencies: Urgency.allCases.map { SelectOption(value: $0.rawValue, label: $0.consoleName, selected: urgency == $0.rawValue) },
            description: form.typed["description"] ?? "", cost: form.typed["cost"] ?? "", medical: form.typed["medical"] ?? "",
            problem: form.problem)
    }

    private static func member(_ person: PersonView) -> Member {
        var notes: [String] = []
        if let disability = person.disability { notes.append("\(disability.category.chineseName)残疾\(disability.grade)级") }
        if let income = person.monthlyIncomeFen { notes.append("月收入 \(ChineseFormat.yuan(fen: income))") }
        switch person.status {
        case .active: break
        case .deceased: notes.append("已故")
        case .movedAway: notes.append("已迁出")
        }
        return Member(
            name: person.name, relation: person.relation.chineseName, sex: person.sex == .male ? "男" : "女",
            birthDate: ChineseFormat.date(person.birthDate), idNumber: person.idNumber, phone: person.phone ?? "—",
            notes: notes.joined(separator: "；"))
    }
}
