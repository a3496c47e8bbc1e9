import Foundation
import PostgresClient
import SafetyNetKernel

/// Which items the work queue lists and in what order.
public struct CaseQueueFilter: Sendable, Hashable {
    /// The region whose households' items are listed.
    public var scope: RegionCode
    /// Only this department's types (an officer's own; nil for every department).
    public var module: ModuleID?
    /// Only items in this stage; nil for every stage an office acts in.
    public var stage: CaseQueueStage?
    /// Only urgent items (relief first).
    public var urgentOnly = false
    /// The order of the list.
    public var order = CaseQueueOrder.due

    /// Every open item in `scope`, the nearest time limit first.
    public init(scope: RegionCode) {
        self.scope = scope
    }

    /// Every open item `principal` may see: its region, and for a department officer its department's types only.
    public init(for principal: Principal) {
        self.init(scope: principal.scope)
        module = principal.departmentFilter
    }
}

/// One item of the work queue: the type asked for, the household, where it stands and its nearest open limit.
public struct CaseQueueEntry: Sendable, Codable, Hashable {
    /// The item, and the case it belongs to.
    public let itemID: UUID
    public let caseID: UUID
    /// The household and where it lives.
    public let householdID: UUID
    public let gridCode: RegionCode
    public let address: String
    /// The type asked for, its Chinese name and its department.
    public let type: AssistanceTypeID
    public let typeName: String
    public let module: ModuleID
    /// Where the item stands.
    public let state: CaseItemState
    /// On the urgent path (relief first).
    public let urgent: Bool
    /// When the application was filed.
    public let appliedAt: Date
    /// Sent on to the district department by a town without authority to decide it.
    public let forwarded: Bool
    /// The open time limit that falls first; nil when none runs.
    public let nextLimit: DeadlineView?
}

/// How many items wait in one stage of the work queue, and how many of them are past a limit.
public struct CaseQueueCount: Sendable, Codable, Hashable {
    /// The stage.
    public let stage: CaseQueueStage
    /// The items waiting in it.
    public let items: Int
    /// Those of them with an open limit passed.
    public let overdue: Int
}

/// A page of the work queue and how many items the filter finds in all.
public struct CaseQueuePage: Sendable, Codable, Hashable {
    /// How many items the filter finds in all.
    public let total: Int
    /// The page's items.
    public let items: [CaseQueueEntry]
}

extension CaseStore {
    /// The items of `filter` an office still has to act on, `limit` from `offset`. One query: the
    /// region's cases by the grid index, their open items by the open items' partial index (closed
    /// and decided items are never read), each item's nearest open limit by the deadline index.
    public func queue(_ filter: CaseQueueFilter, limit: Int, offset: Int) async throws -> CaseQueuePage {
        let order: SQL =
            switch filter.order {
            case .due: "ORDER BY d.due_at NULLS LAST, c.applied_at, i.id"
            case .newest: "ORDER BY c.applied_at DESC, i.id"
            }
        let now = clock.now()
        return try await pool.withConnection { connection in
            let rows = try connection.query(
                """
                SELECT i.id, i.case_id, i.assistance_type, i.state, i.urgent, i.forwarded_at IS NOT NULL AS forwarded,
                       c.household_id, c.grid_code, c.applied_at, h.address,
                       d.kind, d.due_at, d.provisional, count(*) OVER () AS total
                FROM case_item i JOIN assistance_case c ON c.id = i.case_id JOIN household h ON h.id = c.household_id
                LEFT JOIN LATERAL (
                    SELECT kind, due_at, provisional FROM deadline WHERE case_item_id = i.id AND met_at IS NULL ORDER BY due_at LIMIT 1
                ) d ON true
                WHERE \(Self.conditions(filter)) \(order) LIMIT \(limit) OFFSET \(offset)
                """)
            let items = try rows.map { row in try entry(row, now: now) }
            let total = try rows.first?.decode("total", as: Int.self) ?? (offset == 0 ? 0 : try count(filter, on: connection))
            return CaseQueuePage(total: total, items: items)
        }
    }

    /// Every stage's count under `filter` (its stage ignored), in the stages' order, empty stages included.
    public func queueCounts(_ filter: CaseQueueFilter) async throws -> [CaseQueueCount] {
        var every = filter
        every.stage = nil
        let conditions = Self.conditions(every)
        let now = clock.now()
        let rows = try await pool.withConnection { connection in
            try connection.query(
                """
                SELECT i.state, count(*) AS items,
                       count(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM deadline d WHERE d.case_item_id = i.id AND d.met_at IS NULL AND d.due_at < \(now))) AS overdue
                FROM case_item i JOIN assistance_case c ON c.id = i.case_id WHERE \(conditions) GROUP BY i.state
                """)
        }
        var counts: [CaseQueueStage: (items: Int, overdue: Int)] = [:]
        for row in rows {
            guard let stage = CaseQueueStage(holding: try row.decode("state", as: CaseItemState.self)) else { continue }
            let (items, overdue): (Int, Int) = (try row.decode("items"), try row.decode("overdue"))
            counts[stage, default: (0, 0)].items += items
            counts[stage, default: (0, 0)].overdue += overdue
        }
        return CaseQueueStage.allCases.map { CaseQueueCount(stage: $0, items: counts[$0]?.items ?? 0, overdue: counts[$0]?.overdue ?? 0) }
    }

    private func entry(_ row: PostgresRow, now: Date) throws -> CaseQueueEntry {
        let type = try row.decode("assistance_type", as: AssistanceTypeID.self)
        let limit = try row.decode("due_at", as: Date?.self).map { due in
            DeadlineView(
                kind: try row.decode("kind", as: DeadlineKind.self), dueAt: due, metAt: nil, outcome: nil, isOverdue: now > due,
                isProvisional: try row.decode("provisional"))
        }
        return CaseQueueEntry(
            itemID: try row.decode("id"), caseID: try row.decode("case_id"), householdID: try row.decode("household_id"),
            gridCode: try row.decode("grid_code", as: RegionCode.self), address: try row.decode("address"), type: type,
            typeName: catalog.type(type)?.chineseName ?? type.rawValue, module: type.module, state: try row.decode("state", as: CaseItemState.self),
            urgent: try row.decode("urgent"), appliedAt: try row.decode("applied_at"), forwarded: try row.decode("forwarded"), nextLimit: limit)
    }

    /// How many items the filter finds, for a page past the end (where the window count has no row to ride on).
    private func count(_ filter: CaseQueueFilter, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            "SELECT count(*) AS total FROM case_item i JOIN assistance_case c ON c.id = i.case_id WHERE \(Self.conditions(filter))"
        ).first?.decode("total", as: Int.self) ?? 0
    }

    /// The queue's conditions over `case_item i` and `assistance_case c`; the first matches the open items' partial index.
    private static func conditions(_ filter: CaseQueueFilter) -> SQL {
        let states = (filter.stage.map { [$0] } ?? CaseQueueStage.allCases).flatMap(\.states).map(\.rawValue)
        let ofModule: SQL = filter.module.map { "AND i.module_id = \($0)" } ?? ""
        let urgent: SQL = filter.urgentOnly ? "AND i.urgent" : ""
        return """
            i.state IN ('applied', 'accepted', 'investigating', 'reviewing', 'approved', 'disbursing')
            AND i.state = ANY(\(states)) AND c.grid_code LIKE \(filter.scope.scopePrefix) || '%' \(ofModule) \(urgent)
            """
    }
}
