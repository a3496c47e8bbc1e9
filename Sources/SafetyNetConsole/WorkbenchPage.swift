import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// 工作台: the visits falling due in the caller's region, overdue first, and the alerts waiting
/// for a look in the field; what a grid worker opens first thing on the phone.
public struct WorkbenchPage: ConsolePage {
    public static let template = "workbench"

    /// One household due for a visit.
    struct DueVisit: Sendable {
        let href: String
        let address: String
        let risk: RiskBadge
        let due: String
        let overdue: Bool
        let reasons: String
        let lastVisit: String
    }

    /// One alert waiting to be verified.
    struct PendingAlert: Sendable {
        let href: String
        let ruleName: String
        let level: RiskBadge
        let amount: String?
        let raisedAt: String
        let verifyBy: String?
        let overdue: Bool
    }

    /// One stage of the work queue.
    struct Stage: Sendable {
        let name: String
        let href: String
        let items: Int
        let overdue: Int
        let hasOverdue: Bool
    }

    let frame: PageFrame
    let showsQueue: Bool
    let stages: [Stage]
    let showsNothing: Bool
    let showsVisits: Bool
    let visits: [DueVisit]
    let visitCount: Int
    let hasVisits: Bool
    let overdueVisits: Int
    let showsAlerts: Bool
    let alerts: [PendingAlert]
    /// How many alerts wait, `100+` when there are more than the page lists.
    let alertCount: String
    let hasAlerts: Bool
    /// Set when a list shows only its first `limit` entries.
    let truncated: Int?

    /// The page for `frame`'s caller at `now`: every visit due (`visits`, nil when the role keeps
    /// no visits) and the alerts raised and not yet verified (`alerts`, nil when the role verifies
    /// none, at most `limit` + 1 of them); each list shows its first `limit` entries, counted in full.
    /// `queue` counts the applications waiting in each stage (nil for a role that handles none).
    public init(frame: PageFrame, visits: [VisitDue]?, alerts: [AlertView]?, queue: [CaseQueueCount]? = nil, now: Date, limit: Int = 100) {
        self.frame = frame
        showsQueue = queue != nil
        stages = (queue ?? []).map {
            Stage(
                name: $0.stage.chineseName, href: WorkQueueQuery(stage: $0.stage).href, items: $0.items, overdue: $0.overdue,
                hasOverdue: $0.overdue > 0)
        }
        showsNothing = queue == nil && visits == nil && alerts == nil
        showsVisits = visits != nil
        self.visits = (visits ?? []).prefix(limit).map { Self.row($0, now: now) }
        visitCount = visits?.count ?? 0
        hasVisits = visitCount > 0
        overdueVisits = (visits ?? []).count { $0.isOverdue }
        showsAlerts = alerts != nil
        self.alerts = (alerts ?? []).prefix(limit).map { Self.row($0, now: now) }
        alertCount = (alerts?.count ?? 0) > limit ? "\(limit)+" : "\(alerts?.count ?? 0)"
        hasAlerts = !(alerts ?? []).isEmpty
        truncated = visitCount > limit || (alerts?.count ?? 0) > limit ? limit : nil
    }

    private static func row(_ due: VisitDue, now: Date) -> DueVisit {
        DueVisit(
            href: "/households/\(due.householdID.uuidString)", address: due.address, risk: RiskBadge(due.riskLevel),
            due: ChineseFormat.due(due.dueAt, now: now), overdue: due.isOverdue,
            reasons: due.reasons.map { $0 == .monitoring ? "动态监测" : "跟踪帮扶" }.joined(separator: "、"),
            lastVisit: due.lastVisitAt.map(ChineseFormat.date) ?? "从未走访")
    }

    private static func row(_ alert: AlertView, now: Date) -> PendingAlert {
        PendingAlert(
            href: "/alerts/\(alert.id.uuidString)", ruleName: alert.ruleName, level: RiskBadge(alert.level),
            amount: alert.amountFen.map { ChineseFormat.yuan(fen: $0) }, raisedAt: ChineseFormat.dateTime(alert.raisedAt),
            verifyBy: alert.verifyBy.map { ChineseFormat.due($0, now: now) }, overdue: alert.verifyBy.map { $0 < now } ?? false)
    }
}
