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
    public init(
        actor: Principal?, source: String?, action: String, entity: String, entityID: String?,
        before: PostgresJSON? = nil, after: PostgresJSON? = nil
    ) {
        self.init(
            actorID: actor?.id, actorLogin: actor?.name ?? "system", source: source, action: action, entity: entity,
            entityID: entityID, before: before, after: after)
    }

    /// Creates an entry for an account known by id and login only (e.g. while it signs in).
    public init(
        actorID: UUID?, actorLogin: String, source: String?, action: String, entity: String, entityID: String?,
        before: PostgresJSON? = nil, after: PostgresJSON? = nil
    ) {
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
    ///
    /// The entry is staged now and chained when the transaction commits (``chainedAtCommit``):
    /// appends are serialized by a lock on the chain's head, and that lock is then held for the
    /// commit alone, not from the first audited write to the end of a request.
    public static func append(_ entry: AuditEntry, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO audit_staged (actor_id, actor_login, source, action, entity, entity_id, before, after)
            VALUES (\(entry.actorID), \(entry.actorLogin), \(entry.source), \(entry.action), \(entry.entity), \(entry.entityID),
                    \(entry.before), \(entry.after))
            """)
    }

    /// Audit entries and push events take their numbers when the writing transaction commits:
    /// audit entries are staged and chained by a deferred trigger, and the row triggers that
    /// publish events are deferred too. Both heads (`audit_head` first, then `event_head`, so
    /// writers never wait on each other in a cycle) are then locked only while the commit runs,
    /// instead of from a transaction's first audited write to its end, which held every other
    /// writer back through the rest of the request and its round trips. Still gapless, in
    /// commit order.
    static let chainedAtCommit = SchemaMigration(
        version: 18, name: "audit entries and push events numbered at commit",
        sql: """
            CREATE TABLE audit_staged (
                id bigserial PRIMARY KEY,
                actor_id uuid,
                actor_login text NOT NULL,
                source text,
                action text NOT NULL,
                entity text NOT NULL,
                entity_id text,
                before jsonb,
                after jsonb
            );
            CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                head record;
                digest bytea;
            BEGIN
                SELECT seq + 1 AS seq, hash INTO head FROM audit_head FOR UPDATE;
                digest := audit_digest(head.hash, head.seq, now(), NEW.actor_id, NEW.actor_login, NEW.source, NEW.action,
                                       NEW.entity, NEW.entity_id, NEW.before, NEW.after);
                INSERT INTO audit_log (seq, at, actor_id, actor_login, source, action, entity, entity_id, before, after,
                                       previous_hash, hash)
                VALUES (head.seq, now(), NEW.actor_id, NEW.actor_login, NEW.source, NEW.action, NEW.entity, NEW.entity_id,
                        NEW.before, NEW.after, head.hash, digest);
                UPDATE audit_head SET seq = head.seq, hash = digest;
                DELETE FROM audit_staged WHERE id = NEW.id;
                RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER audit_chain AFTER INSERT ON audit_staged
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain();
            -- Its body is stable (jsonb_build_array, convert_to): declared so, it is inlined where it is
            -- called; declared immutable it was parsed and planned again on every append (113 µs).
            ALTER FUNCTION audit_digest(bytea, bigint, timestamptz, uuid, text, text, text, text, text, jsonb, jsonb) STABLE;

            DROP TRIGGER household_event ON household;
            CREATE CONSTRAINT TRIGGER household_event AFTER INSERT OR UPDATE ON household
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION household_event();
            DROP TRIGGER person_event ON person;
            CREATE CONSTRAINT TRIGGER person_event AFTER INSERT OR UPDATE ON person
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION person_event();
            DROP TRIGGER monitoring_event ON monitoring;
            CREATE CONSTRAINT TRIGGER monitoring_event AFTER INSERT OR UPDATE ON monitoring
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION monitoring_event();
            DROP TRIGGER visit_event ON visit;
            CREATE CONSTRAINT TRIGGER visit_event AFTER INSERT ON visit
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION visit_event();
            DROP TRIGGER assistance_event_notify ON assistance_event;
            CREATE CONSTRAINT TRIGGER assistance_event_notify AFTER INSERT ON assistance_event
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assistance_event_notify();

            -- In PL/pgSQL, whose plans are kept per session: as an SQL function called from the row
            -- triggers it was parsed and planned again on every write.
            CREATE OR REPLACE FUNCTION registry_event(kind text, household uuid, grid text, previous_grid text, risk text)
            RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                -- A bulk load announces nothing row by row.
                IF coalesce(current_setting('safetynet.bulk_load', true), '') = 'on' THEN RETURN; END IF;
                PERFORM publish_event(jsonb_strip_nulls(jsonb_build_object(
                    'type', kind, 'householdID', household, 'gridCode', grid, 'previousGridCode', previous_grid,
                    'riskLevel', risk, 'at', now())));
            END $$;
            """)

    /// Recomputes every entry's hash and link and checks the head, reporting the first break.
    public static func verify(pool: ConnectionPool) async throws -> AuditVerification {
        let rows = try await pool.query(
            """
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
            return AuditVerification(
                entries: entries, firstBrokenSeq: broken,
                problem: edited ? "entry \(broken) was altered" : "the chain breaks at entry \(broken): an entry before it was altered or removed")
        }
        if entries > 0, try row.decode("head_matches", as: Bool?.self) != true {
            return AuditVerification(
                entries: entries, firstBrokenSeq: nil, problem: "the newest entries were removed: the chain's head does not match")
        }
        return AuditVerification(entries: entries, firstBrokenSeq: nil, problem: nil)
    }
}
