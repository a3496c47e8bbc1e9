import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// A referral (转办) as a line of a list: the need, where it is and how long is left.
struct ReferralLine: Sendable {
    let href: String
    let need: String
    let description: String
    let addressee: String
    let state: String
    let sent: String
    let due: String?
    let overdue: Bool
    let answer: String?

    init(_ referral: ReferralView, now: Date, departmentName: (ModuleID) -> String) {
        href = "/referrals/\(referral.id.uuidString)"
        need = referral.need.chineseName
        description = referral.description
        addressee = Self.addressee(referral, departmentName: departmentName)
        state = Self.stateName(referral.state)
        sent = "\(referral.sentBy) · \(ChineseFormat.dateTime(referral.sentAt))"
        due = referral.state.isOpen ? referral.dueAt.map { "答复时限 " + ChineseFormat.due($0, now: now) } : nil
        overdue = referral.state.isOpen && referral.isOverdue
        answer = referral.answer.map { answer in
            "答复（\(answer.by)，\(ChineseFormat.dateTime(answer.at))）：\(answer.text)" + (answer.basis.map { "；依据：\($0)" } ?? "")
        }
    }

    /// Who answers: the department when one is named, else the level.
    static func addressee(_ referral: ReferralView, departmentName: (ModuleID) -> String) -> String {
        referral.module.map(departmentName).map { "\($0)（\(referral.level.chineseName)）" } ?? referral.level.chineseName
    }

    static func stateName(_ state: ReferralState) -> String {
        switch state {
        case .sent: "待接收"
        case .accepted: "已接收，办理中"
        case .resolved: "已办结"
        case .declined: "不予办理"
        case .handedBack: "已退回"
        }
    }
}

/// 转办: the referrals waiting for the caller's answer, and those the caller sent with their answers.
public struct ReferralsPage: ConsolePage {
    public static let template = "referrals"

    let frame: PageFrame
    let showsInbox: Bool
    let inbox: [ReferralLine]
    let showsSent: Bool
    let sent: [ReferralLine]
    /// The sent box's neighbouring pages, when there are.
    let newerHref: String?
    let olderHref: String?
    /// Whether the sent box has more than one page.
    let pages: Bool

    /// Where a page of the sent box starts, how long it is, and whether older referrals follow.
    public struct SentPage: Sendable {
        let offset: Int
        let size: Int
        let hasOlder: Bool

        /// The page `size` long after the newest `offset`; `hasOlder` when more follow.
        public init(offset: Int, size: Int, hasOlder: Bool) {
            self.offset = offset
            self.size = size
            self.hasOlder = hasOlder
        }
    }

    /// The page of `inbox` (nil for a role that answers none) and the `sentPage` of the sent box
    /// `sent` (nil for one that sends none) at `now`.
    public init(
        frame: PageFrame, inbox: [ReferralView]?, sent: [ReferralView]?, sentPage: SentPage, now: Date, departmentName: (ModuleID) -> String
    ) {
        self.frame = frame
        showsInbox = inbox != nil
        self.inbox = (inbox ?? []).map { ReferralLine($0, now: now, departmentName: departmentName) }
        showsSent = sent != nil
        self.sent = (sent ?? []).map { ReferralLine($0, now: now, departmentName: departmentName) }
        let page = { (offset: Int) in offset == 0 ? "/referrals#sent" : "/referrals?offset=\(offset)#sent" }
        newerHref = sentPage.offset > 0 ? page(max(0, sentPage.offset - sentPage.size)) : nil
        olderHref = sentPage.hasOlder ? page(sentPage.offset + sentPage.size) : nil
        pages = newerHref != nil || olderHref != nil
    }
}

/// One referral with the answers its addressee may give now: accept, resolve, decline (with the
/// basis), hand back.
public struct ReferralPage: ConsolePage {
    public static let template = "referral"

    /// An answer form: which action, its button, the fields it asks for and what was typed in them.
    struct AnswerForm: Sendable {
        let action: String
        let label: String
        let textLabel: String?
        let textRequired: Bool
        let asksBasis: Bool
        var text = ""
        var basis = ""
    }

    /// An answer as it was sent, to show again with its problem.
    public struct SentAnswer: Sendable {
        let action: String
        let text: String
        let basis: String

        /// The answer `action` with `text` and `basis` as typed.
        public init(action: String, text: String, basis: String) {
            self.action = action
            self.text = text
            self.basis = basis
        }
    }

    let frame: PageFrame
    let referral: ReferralLine
    let householdID: String
    let householdHref: String
    let escalations: Int?
    let forms: [AnswerForm]
    let problem: String?

    /// The page of `referral`; `canAnswer` offers the answers its state allows; `problem` says why
    /// the answer `sent` was refused, shown again as typed.
    public init(
        frame: PageFrame, referral view: ReferralView, canAnswer: Bool, sent: SentAnswer? = nil, problem: String?, now: Date,
        departmentName: (ModuleID) -> String
    ) {
        self.frame = frame
        referral = ReferralLine(view, now: now, departmentName: departmentName)
        householdID = view.householdID.uuidString
        householdHref = "/households/\(householdID)"
        escalations = view.escalations > 0 ? view.escalations : nil
        self.problem = problem
        let all = [
            AnswerForm(action: "accept", label: "接收", textLabel: "备注（可不填）", textRequired: false, asksBasis: false),
            AnswerForm(action: "resolve", label: "办结并答复", textLabel: "答复内容", textRequired: true, asksBasis: false),
            AnswerForm(action: "decline", label: "不予办理", textLabel: "理由", textRequired: true, asksBasis: true),
            AnswerForm(action: "hand_back", label: "退回转出方", textLabel: "退回理由", textRequired: true, asksBasis: false),
        ]
        let offered =
            canAnswer
            ? all.filter { form in ReferralAction(rawValue: form.action).flatMap { ReferralWorkflow.next(after: $0, from: view.state) } != nil }
            : []
        forms = offered.map { form in
            guard let sent, sent.action == form.action else { return form }
            var refilled = form
            (refilled.text, refilled.basis) = (sent.text, sent.basis)
            return refilled
        }
    }

    /// What is wrong with an answer, in Chinese, by the field the check named.
    public static func problem(field: String?) -> String {
        switch field {
        case "answer": "请填写答复内容（不超过\(TextLimit.remark.maximum)字）。"
        case "reason": "请填写理由（不超过\(TextLimit.remark.maximum)字）。"
        case "basis": "不予办理须写明依据（政策或法规条款，不超过\(TextLimit.brief.maximum)字）。"
        case "note": "备注不能超过\(TextLimit.remark.maximum)字。"
        default: "答复填写有误，请检查后重新提交。"
        }
    }
}
