import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// An alert (预警) as the grid worker opens it from the workbench: what the department's data
/// said, its level and limit, and the form to record the look in the field (入户核实).
public struct AlertPage: ConsolePage {
    public static let template = "alert"

    /// One value of the department's row, labelled as the feed declares it.
    struct Fact: Sendable {
        let label: String
        let value: String
    }

    let frame: PageFrame
    let alertID: String
    let ruleName: String
    let level: RiskBadge
    let status: String
    let amount: String?
    let threshold: String?
    let year: Int?
    let raisedAt: String
    let verifyBy: String?
    let overdue: Bool
    let facts: [Fact]
    let hasFacts: Bool
    let verification: String?
    let decision: String?
    let householdID: String
    let householdHref: String
    let canVerify: Bool
    let visit: HouseholdPage.VisitFields

    /// The page of `alert`, whose row's values are labelled by `feed` when it has one; `canVerify`
    /// shows the verification form, filled as `form` when it comes back with a problem.
    public init(frame: PageFrame, alert: AlertView, feed: FeedDefinition?, canVerify: Bool, form: HouseholdPage.VisitForm?, now: Date) {
        self.frame = frame
        alertID = alert.id.uuidString
        ruleName = alert.ruleName
        level = RiskBadge(alert.level)
        status = alert.status.chineseName
        amount = alert.amountFen.map { ChineseFormat.yuan(fen: $0) }
        threshold = alert.thresholdFen.map { ChineseFormat.yuan(fen: $0) }
        year = alert.year
        raisedAt = ChineseFormat.dateTime(alert.raisedAt)
        verifyBy = alert.status == .raised ? alert.verifyBy.map { ChineseFormat.due($0, now: now) } : nil
        overdue = alert.status == .raised && (alert.verifyBy.map { $0 < now } ?? false)
        facts = Self.facts(alert.facts, feed: feed)
        hasFacts = !facts.isEmpty
        verification = alert.verification.map { "\($0.by) \(ChineseFormat.dateTime($0.at)) 入户核实：\($0.findings)" }
        decision = alert.decision.map { "\($0.by) \(ChineseFormat.dateTime($0.at))：\($0.note)" }
        householdID = alert.householdID.uuidString
        householdHref = "/households/\(householdID)"
        self.canVerify = canVerify && alert.status == .raised
        visit = HouseholdPage.VisitFields(form ?? .empty(now: now), now: now)
    }

    /// The row's values in the feed's order, each written as its kind is read: amounts in yuan,
    /// days the Chinese way, choices by their label.
    static func facts(_ values: [String: String], feed: FeedDefinition?) -> [Fact] {
        guard let feed else { return values.sorted { $0.key < $1.key }.map { Fact(label: $0.key, value: $0.value) } }
        return feed.fields.compactMap { field in
            values[field.name].map { Fact(label: field.chineseLabel, value: Self.written($0, as: field.kind)) }
        }
    }

    private static func written(_ value: String, as kind: FeedFieldKind) -> String {
        switch kind {
        case .amount: Int(value).map { ChineseFormat.yuan(fen: $0) } ?? value
        case .date: CalendarDate(iso: value).map(ChineseFormat.date) ?? value
        case .choice(let choices): choices.first { $0.code == value }?.label ?? value
        case .idNumber, .integer, .text, .region: value
        }
    }
}
