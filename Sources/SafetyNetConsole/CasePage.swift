import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// One case (救助申请): what was asked for and declared, and for each assistance type where it
/// stands, its time limits and the time left, and the steps the caller may take now.
public struct CasePage: ConsolePage {
    public static let template = "case"

    struct Limit: Sendable {
        let name: String
        let due: String
        let standing: String
        let overdue: Bool
        let provisional: Bool
    }

    struct MemberFields: Sendable {
        let personID: String
        let name: String
        let income: String
        let work: [SelectOption]
        let care: [SelectOption]
        let school: [SelectOption]
        let unemployed: [SelectOption]
        let supporter: [SelectOption]
        let parental: [SelectOption]
    }

    /// A step with no fields but a note: its button, and the note as typed when it came back.
    struct StepButton: Sendable {
        let value: String
        let label: String
        let note: String
    }

    struct Findings: Sendable {
        let members: [MemberFields]
        let assets: String
        let vehicles: String
        let rigid: String
        let note: String
    }

    struct Decision: Sendable {
        let assessment: String
        let proposed: String?
        let missing: [String]
        let canApprove: Bool
        let canReject: Bool
        /// The refusal's form is open: the rules found the household ineligible, or a refusal came back.
        let rejectOpen: Bool
        let code: String
        let reason: String
        let basis: String
        let notice: String
    }

    struct Payment: Sendable {
        let amount: String
        let period: String
        let payees: [SelectOption]
        let reference: String
    }

    struct Item: Sendable {
        let id: String
        let typeName: String
        let member: String?
        let state: String
        let urgent: Bool
        let limits: [Limit]
        let hasLimits: Bool
        /// Undecided and still without limits: they start on acceptance.
        let limitsStartLater: Bool
        let benefit: String?
        let rejection: String?
        let paid: String?
        let steps: [StepButton]
        let findings: Findings?
        let decision: Decision?
        let payment: Payment?
        let problem: String?
    }

    /// 一事一议 on the case: who leads, why, each department's answer and the conclusion, with
    /// the forms the caller may use: an answer for each department it acts for, the conclusion.
    struct Joint: Sendable {
        struct Contribution: Sendable {
            let department: String
            let answer: String
        }
        struct AnswerForm: Sendable {
            let module: String
            let department: String
            let contribution: String
            let amount: String
        }
        let lead: String
        let reason: String
        let opened: String
        let contributions: [Contribution]
        let conclusion: String?
        let answers: [AnswerForm]
        /// The conclusion's form, with what was typed; nil when the caller may not conclude now.
        let concluding: String?
        let jointProblem: String?
    }

    /// The lead's form that opens joint handling.
    struct JointOpening: Sendable {
        let departments: [SelectOption]
        let reason: String
        let openingProblem: String?
    }

    let frame: PageFrame
    let joint: Joint?
    let opening: JointOpening?
    let caseID: String
    let householdID: String
    let householdHref: String
    let address: String
    let applied: String
    let urgency: String
    let description: String
    let claim: String?
    let items: [Item]

    /// The page of `view` for `household`; `offers` are the steps the caller may take on each
    /// item, `assessments` what the rules say where a decision is offered, `sent` a refused form;
    /// `departmentName` names the departments of a joint case.
    public init(
        frame: PageFrame, case view: CaseView, household: HouseholdView, offers: [UUID: [CaseStep]], assessments: [UUID: AssessmentView],
        sent: SentCaseForm?, joint jointOffers: JointOffers, now: Date, departmentName: (ModuleID) -> String
    ) {
        self.frame = frame
        let typed = { (step: JointStep, field: String, module: ModuleID?) in jointOffers.sent?.value(step, field, module: module) ?? "" }
        let problem = { (steps: [JointStep]) in jointOffers.sent.flatMap { steps.contains($0.step) ? $0.problem : nil } }
        joint = view.joint.map { joint in
            Joint(
                lead: departmentName(joint.leadModule), reason: joint.reason, opened: ChineseFormat.date(joint.openedAt),
                contributions: joint.contributions.map { part in
                    let answer = part.contribution.map { text in
                        text + (part.amountFen.map { "（\(ChineseFormat.yuan(fen: $0))）" } ?? "")
                            + (part.answeredAt.map { "，\(part.answeredBy ?? "")于\(ChineseFormat.date($0))答复" } ?? "")
                    }
                    return Joint.Contribution(department: departmentName(part.module), answer: answer ?? "待答复")
                },
                conclusion: joint.conclusion,
                answers: jointOffers.answering.map { module in
                    Joint.AnswerForm(
                        module: module.rawValue, department: departmentName(module), contribution: typed(.answer, "contribution", module),
                        amount: typed(.answer, "amount", module))
                },
                concluding: jointOffers.conclude ? typed(.conclude, "conclusion", nil) : nil, jointProblem: problem([.answer, .conclude]))
        }
        opening =
            jointOffers.departments.isEmpty
            ? nil
            : JointOpening(
                departments: jointOffers.departments.map {
                    SelectOption(value: $0.id.rawValue, label: $0.name, selected: jointOffers.sent?.ticked.contains($0.id.rawValue) ?? false)
                },
                reason: typed(.open, "reason", nil), openingProblem: problem([.open]))
        caseID = view.id.uuidString
        householdID = view.householdID.uuidString
        householdHref = "/households/\(view.householdID.uuidString)"
        address = household.address
        applied = "\(ChineseFormat.dateTime(view.appliedAt))，\(view.filedBy) \(view.onBehalf ? "帮办代办" : "提交")"
        urgency = view.urgency.consoleName
        description = view.description
        let claims = [
            view.claim.costFen.map { "申请救助的费用或损失 \(ChineseFormat.yuan(fen: $0))" },
            view.claim.selfPaidMedicalFen.map { "个人自付医疗费用 \(ChineseFormat.yuan(fen: $0))" },
        ].compactMap { $0 }
        claim = claims.isEmpty ? nil : claims.joined(separator: "；")
        let names = Dictionary(household.members.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        items = view.items.map { item in
            let sent = sent?.itemID == item.id ? sent : nil
            let form = ItemForms(item: item, case: view, members: household.members, sent: sent)
            let offered = offers[item.id] ?? []
            return Item(
                id: item.id.uuidString, typeName: item.typeName, member: item.personID.flatMap { names[$0] }, state: item.state.chineseName,
                urgent: item.urgent, limits: item.deadlines.map { Self.limit($0, now: now) }, hasLimits: !item.deadlines.isEmpty,
                limitsStartLater: item.deadlines.isEmpty && item.state == .applied,
                benefit: item.benefit.map(Self.benefitText), rejection: item.rejection.map { "理由：\($0.reason)；依据：\($0.basis)；告知：\($0.notice)" },
                paid: item.paidFen > 0 ? ChineseFormat.yuan(fen: item.paidFen) : nil,
                steps: offered.filter(\.isPlain).map { StepButton(value: $0.rawValue, label: $0.label, note: form.note(for: $0)) },
                findings: offered.contains(.findings) ? form.findings() : nil,
                decision: offered.contains(.approve) || offered.contains(.reject)
                    ? form.decision(assessments[item.id], canApprove: offered.contains(.approve), canReject: offered.contains(.reject)) : nil,
                payment: offered.contains(.pay) ? form.payment(today: WorkingCalendar.day(of: now)) : nil, problem: sent?.problem)
        }
    }

    static func benefitText(_ benefit: BenefitProposal) -> String {
        "\(benefit.period.chineseName) \(ChineseFormat.yuan(fen: benefit.amountFen))" + (benefit.working.isEmpty ? "" : "（\(benefit.working)）")
    }

    private static func limit(_ limit: DeadlineView, now: Date) -> Limit {
        let standing: String =
            switch (limit.metAt, limit.outcome) {
            case (nil, _): ChineseFormat.due(limit.dueAt, now: now)
            case (.some, .cancelled): "已取消"
            case (.some(let met), _): met > limit.dueAt ? "超时完成（\(ChineseFormat.dateTime(met))）" : "按时完成（\(ChineseFormat.dateTime(met))）"
            }
        return Limit(
            name: limit.kind.chineseName, due: ChineseFormat.deadline(limit.dueAt), standing: standing, overdue: limit.isOverdue,
            provisional: limit.isProvisional && limit.metAt == nil)
    }
}

extension Urgency {
    /// How urgent, in the words of the application form.
    var consoleName: String {
        switch self {
        case .normal: "一般"
        case .emergency: "急难（24小时内先行救助）"
        case .critical: "紧急（2小时内先行救助）"
        }
    }
}

/// The forms of one item, filled from what was declared or, after a refusal, from what was typed.
private struct ItemForms {
    let item: CaseItemView
    let view: CaseView
    let members: [PersonView]
    let sent: SentCaseForm?

    init(item: CaseItemView, case view: CaseView, members: [PersonView], sent: SentCaseForm?) {
        self.item = item
        self.view = view
        self.members = members.filter { $0.status == .active }
        self.sent = sent
    }

    /// What was typed into `field` of `step`'s form, else `otherwise`.
    private func value(_ step: CaseStep, _ field: String, otherwise: @autoclosure () -> String) -> String {
        guard let sent, sent.step == step else { return otherwise() }
        return sent.values[field] ?? ""
    }

    /// The note typed into `step`'s form when it came back refused.
    func note(for step: CaseStep) -> String {
        value(step, "note", otherwise: "")
    }

    func findings() -> CasePage.Findings {
        let declared = Dictionary(view.facts.members.map { ($0.personID, $0) }, uniquingKeysWith: { _, last in last })
        return CasePage.Findings(
            members: members.map { member in
                let key = member.id.uuidString
                let facts = declared[member.id]
                let pick = { (field: String, declared: String?, choices: [(String, String)]) in
                    Self.options(choices, selected: value(.findings, "\(field).\(key)", otherwise: declared ?? ""))
                }
                let income = value(
                    .findings, "income.\(key)", otherwise: (facts?.monthlyIncomeFen ?? member.monthlyIncomeFen).map(ChineseFormat.yuanInput) ?? "")
                return CasePage.MemberFields(
                    personID: key, name: member.name, income: income,
                    work: pick("work", facts?.workCapacity?.rawValue, WorkCapacity.allCases.map { ($0.rawValue, $0.chineseName) }),
                    care: pick("care", facts?.selfCare?.rawValue, SelfCare.allCases.map { ($0.rawValue, $0.chineseName) }),
                    school: pick("school", facts?.schoolStage?.rawValue, SchoolStage.allCases.map { ($0.rawValue, $0.chineseName) }),
                    unemployed: pick("unemployed", facts?.registeredUnemployed.map(String.init), Self.yesNo),
                    supporter: pick("supporter", facts?.hasAbleSupporter.map(String.init), Self.yesNo),
                    parental: pick("parental", facts?.lacksParentalCare.map(String.init), Self.yesNo))
            },
            assets: value(.findings, "assets", otherwise: view.facts.financialAssetsFen.map(ChineseFormat.yuanInput) ?? ""),
            vehicles: value(.findings, "vehicles", otherwise: view.facts.vehicles.map(String.init) ?? ""),
            rigid: value(.findings, "rigid", otherwise: view.facts.annualRigidExpenditureFen.map(ChineseFormat.yuanInput) ?? ""),
            note: value(.findings, "note", otherwise: ""))
    }

    /// The answers of a yes-or-no fact, as the form sends them.
    private static let yesNo = [("true", "是"), ("false", "否")]

    func decision(_ assessment: AssessmentView?, canApprove: Bool, canReject: Bool) -> CasePage.Decision {
        let finding = assessment?.finding
        let text: String =
            switch assessment?.outcome {
            case .eligible: "按政策规则测算，符合条件。"
            case .ineligible: "按政策规则测算，不符合条件：\(finding?.reason ?? "")（\(finding?.basis ?? "")）。请作出不予救助决定并告知。"
            case .incomplete: "尚缺以下情况，无法测算；请先补充调查："
            case nil: "无法读取政策测算结果。"
            }
        return CasePage.Decision(
            assessment: text, proposed: assessment?.benefit.map(CasePage.benefitText),
            missing: (assessment?.missing ?? []).map { FactName.chinese($0.field) }, canApprove: canApprove && assessment?.outcome == .eligible,
            canReject: canReject, rejectOpen: assessment?.outcome == .ineligible || sent?.step == .reject, code: finding?.code ?? "",
            reason: value(.reject, "reason", otherwise: finding?.reason ?? ""),
            basis: value(.reject, "basis", otherwise: finding?.basis ?? ""), notice: value(.reject, "notice", otherwise: ""))
    }

    /// The payment form: a single or yearly amount starts from what is left to pay, a monthly one
    /// from the month's amount; this month and the item's member (or the applicant) as payee.
    func payment(today: CalendarDate) -> CasePage.Payment {
        let payee = value(.pay, "payee", otherwise: (item.personID ?? view.applicantPersonID ?? members.first?.id)?.uuidString ?? "")
        let amount = item.benefit.map { $0.period == .monthly ? $0.amountFen : max(0, $0.amountFen - item.paidFen) }
        return CasePage.Payment(
            amount: value(.pay, "amount", otherwise: amount.map(ChineseFormat.yuanInput) ?? ""),
            period: value(.pay, "period", otherwise: ChineseFormat.monthInput(today)),
            payees: Self.options(members.map { ($0.id.uuidString, $0.name) }, selected: payee),
            reference: value(.pay, "reference", otherwise: ""))
    }

    private static func options(_ choices: [(String, String)], selected: String) -> [SelectOption] {
        choices.map { SelectOption(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }
}
