import Foundation
import PostgresClient
import SafetyNetKernel
import Synchronization

/// Which audit entries to read: all filters optional and combined.
public struct AuditFilter: Sendable, Hashable {
    /// Entries whose action is this one (`user.create`) or starts with it and a dot (`user`).
    public var action: String?
    /// Entries about this kind of record (`household`, `user`, `module`).
    public var entity: String?
    /// Entries about this record.
    public var entityID: String?
    /// Entries by this login (`system` for the server itself).
    public var actor: String?
    /// Entries from this day on, in China time.
    public var from: CalendarDate?
    /// Entries up to this day, in China time.
    public var through: CalendarDate?
    /// Only entries older than this number: the next page after one ending there.
    public var before: Int64?

    /// Every entry, newest first.
    public init() {}
}

/// One audit entry as the log shows it.
public struct AuditRecord: Sendable, Codable, Hashable {
    /// Its number in the chain.
    public let seq: Int64
    /// When it was committed.
    public let at: Date
    /// Who acted (`system` for the server).
    public let actor: String
    /// Where the request came from, when known.
    public let source: String?
    /// What was done.
    public let action: String
    /// The kind of record, and which one.
    public let entity: String
    public let entityID: String?
    /// The record before and after, as JSON text; nil where the action has none.
    public let before: String?
    public let after: String?
}

/// A page of the audit log, newest first, with the number to read on from.
public struct AuditPage: Sendable, Codable, Hashable {
    /// The page's entries, newest first.
    public let items: [AuditRecord]
    /// The `before` of the next (older) page; nil on the last.
    public let nextBefore: Int64?
}

/// What a verification of the audit log found: the chain recomputed, and the signed checkpoints
/// kept outside the database (nil when the server keeps none).
public struct AuditReport: Sendable, Equatable {
    public let chain: AuditVerification
    public let checkpoints: AuditCheckpoints.Verification?
    /// When the check ran.
    public let checkedAt: Date

    /// Whether the chain is intact and every checkpoint holds.
    public var isIntact: Bool { chain.isIntact && checkpoints?.problem == nil }
}

/// The audit log as auditors read it: filtered, newest first, a page at a time by sequence number
/// (so that a page never shifts as entries are appended), and its verification, which re-hashes
/// the whole log: it runs once at a time, and a result stays good for a minute.
public final class AuditTrail: Sendable {
    let pool: ConnectionPool
    let checkpoints: AuditCheckpoints?
    private let verification = Mutex<(running: Task<AuditReport, any Error>?, last: AuditReport?)>((nil, nil))

    /// How long a verification's result is shown again instead of re-hashing the log.
    static let freshness: TimeInterval = 60

    /// Reads the log on `pool`; `checkpoints` are the signed records of the chain's head, when kept.
    public init(pool: ConnectionPool, checkpoints: AuditCheckpoints?) {
        self.pool = pool
        self.checkpoints = checkpoints
    }

    /// Up to `limit` entries of `filter`, newest first.
    public func entries(_ filter: AuditFilter, limit: Int) async throws -> AuditPage {
        var conditions: [SQL] = []
        if let action = filter.action { conditions.append("(a.action = \(action) OR starts_with(a.action, \(action) || '.'))") }
        if let entity = filter.entity { conditions.append("a.entity = \(entity)") }
        if let id = filter.entityID { conditions.append("a.entity_id = \(id)") }
        if let actor = filter.actor { conditions.append("a.actor_login = \(actor)") }
        if let from = filter.from { conditions.append("a.at >= \(WorkingCalendar.startOfDay(from))") }
        if let through = filter.through { conditions.append("a.at < \(WorkingCalendar.startOfDay(through.adding(days: 1)))") }
        if let before = filter.before { conditions.append("a.seq < \(before)") }
        let clause: SQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try await pool.query(
            """
            SELECT a.seq, a.at, a.actor_login, a.source, a.action, a.entity, a.entity_id, a.before::text AS before, a.after::text AS after
            FROM audit_log a \(clause) ORDER BY a.seq DESC LIMIT \(limit + 1)
            """)
        let items = try rows.prefix(limit).map { row in
            AuditRecord(
                seq: try row.decode("seq"), at: try row.decode("at"), actor: try row.decode("actor_login"),
                source: try row.decode("source", as: String?.self), action: try row.decode("action"), entity: try row.decode("entity"),
                entityID: try row.decode("entity_id", as: String?.self), before: try row.decode("before", as: String?.self),
                after: try row.decode("after", as: String?.self))
        }
        return AuditPage(items: items, nextBefore: rows.count > limit ? items.last?.seq : nil)
    }

    /// Recomputes the chain (``AuditLog/verify(pool:)``) and checks the checkpoints against it; a
    /// check already running is joined, and one finished less than a minute before `now` is returned again.
    public func verify(now: Date) async throws -> AuditReport {
        let task: Task<AuditReport, any Error> = verification.withLock { state in
            if let last = state.last, now.timeIntervalSince(last.checkedAt) < Self.freshness { return Task { last } }
            if let running = state.running { return running }
            let running = Task { [pool, checkpoints] in
                AuditReport(
                    chain: try await AuditLog.verify(pool: pool), checkpoints: try await checkpoints?.verify(against: pool), checkedAt: now)
            }
            state.running = running
            return running
        }
        do {
            let report = try await task.value
            verification.withLock { $0 = (nil, report) }
            return report
        } catch {
            verification.withLock { $0.running = nil }
            throw error
        }
    }

    /// Auditors look entries up by action and by account; without these a rare one meant reading
    /// the whole log backwards.
    static let lookupIndexes = SchemaMigration(
        version: 32, name: "audit log looked up by action and account",
        sql: """
            CREATE INDEX audit_log_action ON audit_log (action, seq);
            CREATE INDEX audit_log_actor ON audit_log (actor_login, seq);
            """)
}
