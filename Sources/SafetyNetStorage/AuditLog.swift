import Foundation
import PostgresClient
import SafetyNetKernel

/// One entry for the audit log: who did what to which record, with the record before and after.
public struct AuditEntry: Sendable {
    /// Who acted: the account's id, nil for the system itself (migrations, the deadline service).
    public let actorID: UUID?
    /// The account's login, or `system`.
    public let actorLogin: String
    /// Where the request came from (remote address), when known.
    public let source: String?
    /// What was done, e.g. `household.create`, `person.read_full_id`.
    public let action: String
    /// The kind of record, e.g. `household`.
    public let entity: String
    /// The record's id.
    public let entityID: String?
    /// The record before the change, as JSON; nil for creations and reads.
    public let before: PostgresJSON?
    /// The record after the change, as JSON; nil for deletions and reads.
    public let after: PostgresJSON?

    /// Creates an entry for what `actor` did (nil: the system).
    public init(actor: Principal?, source: String?, action: String, entity: String, entityID: String?,
                before: PostgresJSON? = nil, after: PostgresJSON? = nil) {
        self.init(actorID: actor?.id, actorLogin: actor?.name ?? "system", source: source, action: action, entity: entity,
                  entityID: entityID, before: before, after: after)
    }

    /// Creates an entry for an account known by id and login only (e.g. while it signs in).
    public init(actorID: UUID?, actorLogin: String, source: String?, action: String, entity: String, entityID: String?,
                before: PostgresJSON? = nil, after: PostgresJSON? = nil) {
        self.actorID = actorID
        self.actorLogin = actorLogin
        self.source = source
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
    }
}

/// What a verification of the audit chain found.
public struct AuditVerification: Sendable, Equatable {
    /// Entries checked.
    public let entries: Int
    /// The first entry whose hash, link or sequence is wrong, or nil when the chain is intact.
    public let firstBrokenSeq: Int64?
    /// What is wrong with it.
    public let problem: String?

    /// Whether every entry is intact and none is missing.
    public var isIntact: Bool { firstBrokenSeq == nil && problem == nil }

    /// Creates a result.
    public init(entries: Int, firstBrokenSeq: Int64?, problem: String?) {
        self.entries = entries
        self.firstBrokenSeq = firstBrokenSeq
        self.problem = problem
    }
}

/// The append-only, hash-chained audit log. Each entry's hash covers the previous entry's hash,
/// so editing, inserting or deleting any entry breaks every link after it.
public enum AuditLog {
    /// Appends `entry` inside the caller's transaction, so the record and its audit commit together.
    /// Appends are serialized by a lock on the chain's head, held until the transaction ends.
    public static func append(_ entry: AuditEntry, on connection: PostgresConnection) throws {
        try connection.query("""
            WITH head AS (SELECT seq + 1 AS seq, hash FROM audit_head FOR UPDATE),
            entry AS (
                INSERT INTO audit_log (seq, at, actor_id, actor_login, source, action, entity, entity_id, before, after,
                                       previous_hash, hash)
                SELECT head.seq, now(), $1, $2, $3, $4, $5, $6, $7, $8, head.hash,
                       audit_digest(head.hash, head.seq, now(), $1, $2, $3, $4, $5, $6, $7, $8)
                FROM head
                RETURNING seq, hash
            )
            UPDATE audit_head SET seq = entry.seq, hash = entry.hash FROM entry
            """, [
                entry.actorID, entry.actorLogin, entry.source, entry.action, entry.entity, entry.entityID,
                entry.before, entry.after,
            ])
    }

    /// Recomputes every entry's hash and link and checks the head, reporting the first break.
    public static func verify(pool: ConnectionPool) async throws -> AuditVerification {
        let rows = try await pool.query("""
            WITH checked AS (
                SELECT seq,
                       hash = audit_digest(previous_hash, seq, at, actor_id, actor_login, source, action, entity,
                                           entity_id, before, after) AS intact,
                       previous_hash = coalesce(lag(hash) OVER w, decode(repeat('00', 32), 'hex')) AS linked,
                       seq = coalesce(lag(seq) OVER w, 0) + 1 AS contiguous
                FROM audit_log WINDOW w AS (ORDER BY seq)
            )
            SELECT (SELECT count(*) FROM audit_log) AS entries,
                   (SELECT min(seq) FROM checked WHERE NOT (intact AND linked AND contiguous)) AS broken,
                   (SELECT NOT intact FROM checked WHERE NOT (intact AND linked AND contiguous) ORDER BY seq LIMIT 1) AS edited,
                   (SELECT (h.seq, h.hash) = (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1)
                    FROM audit_head h) AS head_matches
            """)
        let row = rows[0]
        let entries: Int = try row.decode("entries")
        if let broken = try row.decode("broken", as: Int64?.self) {
            let edited = try row.decode("edited", as: Bool?.self) ?? false
            return AuditVerification(entries: entries, firstBrokenSeq: broken,
                                     problem: edited ? "entry \(broken) was altered" : "the chain breaks at entry \(broken): an entry before it was altered or removed")
        }
        if entries > 0, try row.decode("head_matches", as: Bool?.self) != true {
            return AuditVerification(entries: entries, firstBrokenSeq: nil, problem: "the newest entries were removed: the chain's head does not match")
        }
        return AuditVerification(entries: entries, firstBrokenSeq: nil, problem: nil)
    }
}
