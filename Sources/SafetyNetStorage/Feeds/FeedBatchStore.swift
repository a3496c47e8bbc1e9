import FeedIntake
import Foundation
import PersonalData
import PostgresClient
import SafetyNetKernel

/// What a sender asks for when a batch starts.
public struct FeedBatchRequest: Sendable, Hashable {
    /// The feed the rows belong to.
    public let feed: FeedDefinition
    /// The sender's own id for the batch.
    public let senderBatchID: String
    public let format: FeedFormat
    public let encoding: FeedEncoding
    /// Whether one bad row refuses the whole batch.
    public let allOrNothing: Bool

    /// Describes the batch.
    public init(feed: FeedDefinition, senderBatchID: String, format: FeedFormat, encoding: FeedEncoding, allOrNothing: Bool) {
        self.feed = feed
        self.senderBatchID = senderBatchID
        self.format = format
        self.encoding = encoding
        self.allOrNothing = allOrNothing
    }
}

/// A batch being received: which one, and which start of it, so that rows of an earlier start
/// still in flight are refused.
public struct FeedBatchTicket: Sendable, Hashable {
    /// The batch.
    public let id: UUID
    /// Which start of the batch this is.
    public let attempt: Int
    let request: FeedBatchRequest
}

/// How a batch start ends: rows may come, or the batch is already done.
public enum FeedBatchStart: Sendable, Hashable {
    /// The batch is new, or starts over after a cut-off or refused try: send its rows.
    case receiving(FeedBatchTicket)
    /// The batch was received in full before: its result, unchanged.
    case alreadyDone(FeedBatchView)
}

/// Why rows cannot be added to a batch.
public enum FeedBatchStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The same batch was sent again while this upload ran; the newer upload carries on.
    case superseded(UUID)
    /// The upload ended before its last byte (the connection was cut); the batch is marked interrupted.
    case cutOff(UUID)

    public var description: String {
        switch self {
        case .superseded: "the same batch was sent again while this upload ran; the newer upload carries on"
        case .cutOff: "the upload ended before its last byte; send the batch again under the same id and it starts over"
        }
    }
}

/// Stores batches of department data as they stream in: each chunk of rows in one transaction
/// (matched to persons by blind index, written once by COPY, counted), so that a crash loses at most
/// the chunk in flight, and a batch sent again after a cut-off starts over inside itself.
public struct FeedBatchStore: Sendable {
    let pool: ConnectionPool
    let alerts: AlertRaiser
    /// How each feed's rows are placed, built once.
    private let placements: [FeedID: FeedRowPlacement]

    /// Creates the store; `protector` turns ID numbers into blind indexes and sealed values, and
    /// the alert rules of `catalog` run over every batch that is done, their verification limits
    /// counted on `calendar`.
    public init(pool: ConnectionPool, protector: PersonalDataProtector, catalog: AssistanceCatalog, calendar: CalendarBook) {
        self.pool = pool
        self.alerts = AlertRaiser(catalog: catalog, calendar: calendar)
        self.placements = catalog.feeds.mapValues { FeedRowPlacement(feed: $0, yearTotal: catalog.yearTotals[$0.id], protector: protector) }
    }

    /// Starts `request` for `sender`: a new batch, or the same batch again. A done batch answers
    /// with its result; any other starts over, its earlier rows and problems removed.
    public func start(_ request: FeedBatchRequest, by sender: Principal, now: Date) async throws -> FeedBatchStart {
        try await pool.transaction { connection in
            let inserted = try connection.query(
                """
                INSERT INTO feed_batch (id, feed_id, module_id, sender_id, sender_batch_id, format, encoding, all_or_nothing, status,
                                        started_at, updated_at)
                VALUES (\(UUID()), \(request.feed.id), \(request.feed.id.module), \(sender.id), \(request.senderBatchID), \(request.format),
                        \(request.encoding), \(request.allOrNothing), 'receiving', \(now), \(now))
                ON CONFLICT ON CONSTRAINT feed_batch_sender_unique DO NOTHING
                RETURNING id
                """)
            if let row = inserted.first { return .receiving(FeedBatchTicket(id: try row.decode("id"), attempt: 1, request: request)) }
            let existing = try connection.query(
                "SELECT \(FeedBatchView.columns) \(Self.source(of: request, by: sender)) FOR UPDATE OF b")
            // The conflicting row exists and is locked by now; nil only if the schema broke its promise.
            guard let first = existing.first else { throw PostgresError.unexpected("feed batch \(request.senderBatchID) conflicted but is gone") }
            let batch = try FeedBatchView(row: first)
            if batch.status == .done { return .alreadyDone(batch) }
            try connection.query("DELETE FROM feed_row WHERE batch_id = \(batch.id)")
            try connection.query("DELETE FROM feed_row_problem WHERE batch_id = \(batch.id)")
            let attempt: Int = try connection.query(
                """
                UPDATE feed_batch SET attempt = attempt + 1, status = 'receiving', format = \(request.format),
                    encoding = \(request.encoding), all_or_nothing = \(request.allOrNothing), rows_read = 0, rows_accepted = 0,
                    rows_refused = 0, rows_matched = 0, ignored_columns = '{}', refusal_code = NULL, refusal_message = NULL,
                    started_at = \(now), updated_at = \(now), finished_at = NULL
                WHERE id = \(batch.id) RETURNING attempt
                """)[0].decode("attempt")
            return .receiving(FeedBatchTicket(id: batch.id, attempt: attempt, request: request))
        }
    }

    /// The batch `request` names, sent by `sender`, when it is done: its result, read without
    /// starting anything (for a sender asking again while the feed's module is off).
    public func done(_ request: FeedBatchRequest, by sender: Principal) async throws -> FeedBatchView? {
        try await pool.query("SELECT \(FeedBatchView.columns) \(Self.source(of: request, by: sender)) AND b.status = 'done'").first.map(
            FeedBatchView.init(row:))
    }

    /// The FROM and WHERE of the batch `request` names for `sender` (its sender's id is unique per feed and sender).
    private static func source(of request: FeedBatchRequest, by sender: Principal) -> SQL {
        """
        FROM feed_batch b JOIN app_user u ON u.id = b.sender_id
        WHERE b.feed_id = \(request.feed.id) AND b.sender_id = \(sender.id) AND b.sender_batch_id = \(request.senderBatchID)
        """
    }

    /// Adds the rows `outcomes` read to the batch in one transaction: accepted rows written once,
    /// matched to persons by blind index (an all-or-nothing batch keeps them only once it is
    /// done), refused rows' problems, and `tally`'s counts (the batch's counts so far: chunks may
    /// commit out of order, so the larger stays). `announce` pushes the progress.
    /// Throws ``FeedBatchStoreError/superseded(_:)`` when the batch was started again meanwhile.
    public func append(
        _ outcomes: [FeedRowOutcome], tally: FeedBatchTally, ignoredColumns: [String], to ticket: FeedBatchTicket, announce: Bool,
        now: Date
    ) async throws {
        guard let placement = placements[ticket.request.feed.id] else {
            throw PostgresError.unexpected("feed \(ticket.request.feed.id) is not in the catalog the store was made with")
        }
        try await pool.transaction { connection in
            let matched = outcomes.contains(where: \.isAccepted) ? try placement.place(outcomes, in: ticket.id, on: connection) : 0
            if outcomes.contains(where: { !$0.isAccepted }) {
                try connection.copyIn("COPY feed_row_problem (batch_id, row_number, field, code, message, value) FROM STDIN") {
                    try FeedRowPlacement.writeProblems(outcomes, batch: ticket.id, to: $0)
                }
            }
            let updated = try connection.query(
                """
                UPDATE feed_batch SET rows_read = greatest(rows_read, \(tally.rows)), rows_accepted = greatest(rows_accepted, \(tally.accepted)),
                    rows_refused = greatest(rows_refused, \(tally.refused)), rows_matched = rows_matched + \(matched),
                    ignored_columns = \(ignoredColumns), updated_at = \(now)
                WHERE id = \(ticket.id) AND attempt = \(ticket.attempt) AND status = 'receiving'
                RETURNING id
                """)
            guard !updated.isEmpty else { throw FeedBatchStoreError.superseded(ticket.id) }
            if announce { try Self.announce(ticket.id, "feed.batch.progress", on: connection) }
        }
    }

    /// The refusal code of a batch whose module was switched off while it arrived: the same
    /// `module_disabled` an upload gets when it starts with the module off.
    public static let moduleSwitchedOff = "module_disabled"

    /// Ends the batch after its last rows: done, with late registrations matched and the alert
    /// rules run over it, or refused when it is all-or-nothing and a row was refused (its rows
    /// removed, its problems kept for the sender to fix them), or when its module was switched off
    /// while it arrived: the module's state is read under a share lock, so a switch waits for the
    /// batch to end or the batch sees the switch, and no alert of a module that is off is raised.
    public func finish(_ ticket: FeedBatchTicket, by sender: Principal, now: Date) async throws -> FeedBatchView {
        try await pool.transaction { connection in
            let module = ticket.request.feed.id.module
            if try ModuleStates.isOff(module, lockingOn: connection) {
                return try Self.refuse(
                    ticket, code: Self.moduleSwitchedOff,
                    message: "the \(module) module was switched off while the batch arrived, so none of it was kept; send it again once it is on",
                    by: sender, now: now, on: connection)
            }
            let refused = try connection.query(
                """
                UPDATE feed_batch SET status = CASE WHEN all_or_nothing AND rows_refused > 0 THEN 'refused' ELSE 'done' END,
                    refusal_code = CASE WHEN all_or_nothing AND rows_refused > 0 THEN 'rows_refused' END,
                    refusal_message = CASE WHEN all_or_nothing AND rows_refused > 0 THEN
                        rows_refused || ' of ' || rows_read || ' rows were refused and the batch is all-or-nothing, so none was kept; '
                        || 'fix the rows its problems name and send it again' END,
                    updated_at = \(now), finished_at = \(now)
                WHERE id = \(ticket.id) AND attempt = \(ticket.attempt) AND status = 'receiving'
                RETURNING status = 'refused' AS refused
                """)
            guard let row = refused.first else { throw FeedBatchStoreError.superseded(ticket.id) }
            if try row.decode("refused") {
                try Self.removeRows(of: ticket, on: connection)
            } else {
                try Self.matchLateRegistrations(of: ticket, on: connection)
                try Self.refreshStatisticsIfLarge(ticket, on: connection)
                try alerts.raise(batch: ticket.id, feed: ticket.request.feed.id, sender: sender.id, now: now, on: connection)
            }
            return try Self.closing(ticket, by: sender, on: connection)
        }
    }

    /// Refuses the whole batch, which could not be read: its rows removed, the reason kept.
    public func refuse(_ ticket: FeedBatchTicket, code: String, message: String, by sender: Principal, now: Date) async throws -> FeedBatchView {
        try await pool.transaction { connection in try Self.refuse(ticket, code: code, message: message, by: sender, now: now, on: connection) }
    }

    private static func refuse(
        _ ticket: FeedBatchTicket, code: String, message: String, by sender: Principal, now: Date, on connection: PostgresConnection
    ) throws -> FeedBatchView {
        let updated = try connection.query(
            """
            UPDATE feed_batch SET status = 'refused', refusal_code = \(code), refusal_message = \(message),
                updated_at = \(now), finished_at = \(now)
            WHERE id = \(ticket.id) AND attempt = \(ticket.attempt) AND status = 'receiving'
            RETURNING id
            """)
        guard !updated.isEmpty else { throw FeedBatchStoreError.superseded(ticket.id) }
        try removeRows(of: ticket, on: connection)
        return try closing(ticket, by: sender, on: connection)
    }

    /// Marks the batch cut off, unless it was started again meanwhile; its rows stay until it is sent again.
    public func interrupt(_ ticket: FeedBatchTicket, now: Date) async throws {
        try await pool.transaction { connection in
            let updated = try connection.query(
                """
                UPDATE feed_batch SET status = 'interrupted', updated_at = \(now)
                WHERE id = \(ticket.id) AND attempt = \(ticket.attempt) AND status = 'receiving'
                RETURNING id
                """)
            if !updated.isEmpty { try Self.announce(ticket.id, "feed.batch.interrupted", on: connection) }
        }
    }

    /// The batch, or nil when there is none with this id.
    public func batch(_ id: UUID) async throws -> FeedBatchView? {
        try await pool.query("SELECT \(FeedBatchView.columns) FROM feed_batch b JOIN app_user u ON u.id = b.sender_id WHERE b.id = \(id)")
            .first.map(FeedBatchView.init(row:))
    }

    /// The most recent batches, newest first: of `module` only when given.
    public func recent(module: ModuleID?, limit: Int) async throws -> [FeedBatchView] {
        try await pool.query(
            """
            SELECT \(FeedBatchView.columns) FROM feed_batch b JOIN app_user u ON u.id = b.sender_id
            WHERE \(module?.rawValue)::text IS NULL OR b.module_id = \(module?.rawValue)
            ORDER BY b.started_at DESC, b.id LIMIT \(limit)
            """
        ).map(FeedBatchView.init(row:))
    }

    /// The problems of the next `rows` refused rows of the batch after row `after`, in row order:
    /// a page never splits one row's problems.
    public func problems(of batch: UUID, after row: Int, rows: Int) async throws -> [FeedRowProblem] {
        try await pool.query(
            """
            SELECT row_number, field, code, message, value FROM feed_row_problem
            WHERE batch_id = \(batch) AND row_number IN (
                SELECT DISTINCT row_number FROM feed_row_problem WHERE batch_id = \(batch) AND row_number > \(row)
                ORDER BY row_number LIMIT \(rows))
            ORDER BY row_number, field
            """
        ).map { row in
            FeedRowProblem(
                row: try row.decode("row_number"), field: try row.decode("field"), code: try row.decode("code"),
                message: try row.decode("message"), value: try row.decode("value", as: String?.self))
        }
    }

    /// Removes the rows of a batch that keeps none (its problems stay for the sender); nothing of
    /// it counts as matched any more.
    private static func removeRows(of ticket: FeedBatchTicket, on connection: PostgresConnection) throws {
        try connection.query("DELETE FROM feed_row WHERE batch_id = \(ticket.id)")
        try connection.query("UPDATE feed_batch SET rows_matched = 0 WHERE id = \(ticket.id)")
    }

    /// Matches rows naming someone registered while the batch arrived: a chunk's match and a
    /// registration's link run in separate transactions, so each may miss the other's row.
    private static func matchLateRegistrations(of ticket: FeedBatchTicket, on connection: PostgresConnection) throws {
        try connection.query(
            """
            WITH linked AS (
                UPDATE feed_row f SET person_id = p.id, household_id = p.household_id, subject_sealed = NULL, subject_key_id = NULL
                FROM person p
                WHERE f.batch_id = \(ticket.id) AND f.person_id IS NULL AND p.id_number_index = f.subject_index
                RETURNING 1
            )
            UPDATE feed_batch SET rows_matched = rows_matched + (SELECT count(*) FROM linked) WHERE id = \(ticket.id)
            """)
    }

    /// Renews the planner's statistics of `feed_row` and `feed_batch` when the batch is more than a
    /// tenth of the rows the planner knows of, so the alert rules are planned for the rows really
    /// there. The batch is done by then in this transaction, and ANALYZE counts it so.
    private static func refreshStatisticsIfLarge(_ ticket: FeedBatchTicket, on connection: PostgresConnection) throws {
        let stale = try connection.query(
            """
            SELECT b.rows_accepted > 0.1 * greatest(c.reltuples, 0) AS stale
            FROM feed_batch b, pg_class c WHERE b.id = \(ticket.id) AND c.oid = 'feed_row'::regclass
            """)[0].decode("stale", as: Bool.self)
        if stale { try connection.query("SELECT analyze_feed_rows()") }
    }

    /// Audits and announces the batch's end, and reads it back.
    private static func closing(_ ticket: FeedBatchTicket, by sender: Principal, on connection: PostgresConnection) throws -> FeedBatchView {
        try announce(ticket.id, "feed.batch.finished", on: connection)
        let batch = try FeedBatchView(
            row: try connection.query(
                "SELECT \(FeedBatchView.columns) FROM feed_batch b JOIN app_user u ON u.id = b.sender_id WHERE b.id = \(ticket.id)")[0])
        try AuditLog.append(
            AuditEntry(
                actor: sender, source: nil, action: "feed.batch.\(batch.status.rawValue)", entity: "feed_batch",
                entityID: batch.id.uuidString, after: try PostgresJSON(encoding: batch.rows)), on: connection)
        return batch
    }

    /// Pushes `kind` with the batch's counts to its department and the district.
    private static func announce(_ batch: UUID, _ kind: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            SELECT publish_event(jsonb_build_object(
                'type', \(kind), 'module', module_id, 'batchID', id, 'feed', feed_id, 'batchStatus', status,
                'rowsRead', rows_read, 'rowsAccepted', rows_accepted, 'rowsRefused', rows_refused, 'rowsMatched', rows_matched, 'at', now()))
            FROM feed_batch WHERE id = \(batch)
            """)
    }
}

extension FeedRowOutcome {
    /// Whether the row was accepted.
    var isAccepted: Bool {
        if case .accepted = self { true } else { false }
    }
}
