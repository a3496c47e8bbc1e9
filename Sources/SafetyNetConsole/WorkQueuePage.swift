import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// What the work queue's page shows: the stage, urgent only or not, the order and where the page starts.
public struct WorkQueueQuery: Sendable, Hashable {
    /// Only this stage; every stage when nil.
    public var stage: CaseQueueStage?
    /// Only urgent items.
    public var urgentOnly: Bool
    /// The list's order.
    public var order: CaseQueueOrder
    /// How many items the page skips.
    public var offset: Int

    /// The query; every open item, nearest limit first, from the start when left as is.
    public init(stage: CaseQueueStage? = nil, urgentOnly: Bool = false, order: CaseQueueOrder = .due, offset: Int = 0) {
        self.stage = stage
        self.urgentOnly = urgentOnly
        self.order = order
        self.offset = offset
    }

    /// The page's address for this query.
    var href: String { link("/cases") }

    /// `path` with this query.
    func link(_ path: String) -> String {
        var parameters: [String] = []
        if let stage { parameters.append("stage=\(stage.rawValue)") }
        if urgentOnly { parameters.append("urgent=true") }
        if order != .due { parameters.append("order=\(order.rawValue)") }
        if offset > 0 { parameters.append("offset=\(offset)") }
        return path + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    /// This query changed by `change`, from the first page unless `change` sets the offset.
    func with(_ change: (inout WorkQueueQuery) -> Void) -> WorkQueueQuery {
        var changed = self
        changed.offset = 0
        change(&changed)
        return changed
    }
}

/// 受理审批: the case items in the caller's region waiting for an office, by stage, each with its
/// nearest time limit and the time left; paged, filtered and sorted by the server.
public struct WorkQueuePage: ConsolePage {
    public static let template = "cases"

    struct Row: Sendable {
        let href: String
        let typeName: String
        let householdHref: String
        let address: String
        let state: String
        let urgent: Bool
        let forwarded: Bool
        let limit: String?
        let overdue: Bool
        let provisional: Bool
        let applied: String
    }

    let frame: PageFrame
    let tabs: [PageFrame.Link]
    let orders: [PageFrame.Link]
    let urgentToggle: PageFrame.Link
    let rows: [Row]
    let hasRows: Bool
    let emptyText: String
    let range: String
    let csvHref: String
    let previous: String?
    let next: String?

    /// The page of `queue` for `query`, `pageSize` rows a page, at `now`.
    public init(frame: PageFrame, queue: CaseQueuePage, query: WorkQueueQuery, pageSize: Int, now: Date) {
        self.frame = frame
        let stages: [(String, CaseQueueStage?)] = [("全部", nil)] + CaseQueueStage.allCases.map { ($0.chineseName, $0) }
        tabs = stages.map { label, stage in
            PageFrame.Link(label: label, href: query.with { $0.stage = stage }.href, current: query.stage == stage)
        }
        orders = [("按时限", CaseQueueOrder.due), ("按申请时间", .newest)].map { label, order in
            PageFrame.Link(label: label, href: query.with { $0.order = order }.href, current: query.order == order)
        }
        urgentToggle = PageFrame.Link(label: "只看急难", href: query.with { $0.urgentOnly.toggle() }.href, current: query.urgentOnly)
        rows = queue.items.map { Self.row($0, now: now) }
        hasRows = !queue.items.isEmpty
        emptyText = queue.total > 0 ? "这一页之后没有更多申请。" : "这一环节没有待办的申请。"
        let (first, last) = (query.offset + 1, query.offset + queue.items.count)
        range =
            switch queue.items.count {
            case 0: "共 \(queue.total) 项"
            case 1: "第 \(first) 项，共 \(queue.total) 项"
            default: "第 \(first)–\(last) 项，共 \(queue.total) 项"
            }
        csvHref = query.with { _ in }.link("/cases.csv")
        previous = query.offset > 0 ? query.with { $0.offset = max(0, query.offset - pageSize) }.href : nil
        next = query.offset + queue.items.count < queue.total ? query.with { $0.offset = query.offset + pageSize }.href : nil
    }

    /// The items of `queue` as a CSV file.
    public static func csv(_ queue: CaseQueuePage, now: Date) -> [UInt8] {
        CSVExport.document(
            header: ["救助类型", "住址", "网格", "状态", "急难", "最近时限", "申请时间", "申请编号"],
            rows: queue.items.map { entry in
                let row = Self.row(entry, now: now)
                return [
                    row.typeName, row.address, entry.gridCode.value, row.state, row.urgent ? "是" : "", row.limit ?? "", row.applied,
                    entry.caseID.uuidString,
                ]
            })
    }

    private static func row(_ entry: CaseQueueEntry, now: Date) -> Row {
        Row(
            href: "/cases/\(entry.caseID.uuidString)#item-\(entry.itemID.uuidString)", typeName: entry.typeName,
            householdHref: "/households/\(entry.householdID.uuidString)", address: entry.address, state: entry.state.chineseName,
            urgent: entry.urgent, forwarded: entry.forwarded,
            limit: entry.nextLimit.map { "\($0.kind.chineseName)时限 " + ChineseFormat.due($0.dueAt, now: now) },
            overdue: entry.nextLimit?.isOverdue ?? false, provisional: entry.nextLimit?.isProvisional ?? false,
            applied: ChineseFormat.dateTime(entry.appliedAt))
    }
}
