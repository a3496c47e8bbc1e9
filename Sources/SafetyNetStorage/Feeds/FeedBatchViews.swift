import FeedIntake
import Foundation
import PostgresClient
import SafetyNetKernel

/// Where a batch stands.
public enum FeedBatchStatus: String, Sendable, Codable, CaseIterable {
    /// Rows are arriving; the counts grow as they are stored.
    case receiving
    /// The upload was cut off; sending the batch again starts it over.
    case interrupted
    /// Nothing of it was kept: it could not be read, or a row was bad under all-or-nothing.
    case refused
    /// Every row was read, the good ones stored and matched. Final: sending it again changes nothing.
    case done
}

/// A batch's row counts so far.
public struct FeedBatchCounts: Sendable, Codable, Hashable {
    /// Rows read (blank lines are not rows).
    public let read: Int
    /// Rows whose every field was read and which were stored.
    public let accepted: Int
    /// Rows refused, each with its problems.
    public let refused: Int
    /// Accepted rows naming a person the registry knows.
    public let matched: Int
    /// Accepted rows naming nobody the registry knows: discoveries.
    public let unmatched: Int
}

/// Why a whole batch was refused.
public struct FeedBatchRefusal: Sendable, Codable, Hashable {
    /// A stable code, e.g. `missing_columns`, `malformed_csv`, `rows_refused`.
    public let code: String
    /// What is wrong and what to do.
    public let message: String
}

/// One batch as a sender or a supervisor sees it.
public struct FeedBatchView: Sendable, Codable, Hashable {
    public let id: UUID
    public let feed: FeedID
    public let module: ModuleID
    /// The sender's own id for the batch.
    public let senderBatchID: String
    /// The login of the account that sent it.
    public let sender: String
    public let format: FeedFormat
    public let encoding: FeedEncoding
    /// Whether one bad row refuses the whole batch.
    public let allOrNothing: Bool
    public let status: FeedBatchStatus
    public let rows: FeedBatchCounts
    /// Header columns naming no field of the feed, which were ignored.
    public let ignoredColumns: [String]
    /// The alerts its rows raised, or raised to a level, once it was done.
    public let alerts: AlertLevelCounts
    /// Why the batch was refused, when it was.
    public let refusal: FeedBatchRefusal?
    /// How many times it was started: more than 1 when it was sent again after a cut-off upload.
    public let attempt: Int
    public let startedAt: Date
    /// When rows last arrived or the status last changed.
    public let updatedAt: Date
    public let finishedAt: Date?
}

extension FeedBatchView {
    /// The columns ``init(row:)`` reads, for `FROM feed_batch b JOIN app_user u ON u.id = b.sender_id`.
    static let columns: SQL = """
        b.id, b.feed_id, b.module_id, b.sender_batch_id, u.login, b.format, b.encoding, b.all_or_nothing, b.status,
        b.rows_read, b.rows_accepted, b.rows_refused, b.rows_matched, b.ignored_columns, b.refusal_code, b.refusal_message,
        b.alerts_red, b.alerts_yellow, b.alerts_blue, b.attempt, b.started_at, b.updated_at, b.finished_at
        """

    init(row: PostgresRow) throws {
        let accepted: Int = try row.decode("rows_accepted")
        let matched: Int = try row.decode("rows_matched")
        let refusalCode = try row.decode("refusal_code", as: String?.self)
        id = try row.decode("id")
        feed = try row.decode("feed_id")
        module = try row.decode("module_id")
        senderBatchID = try row.decode("sender_batch_id")
        sender = try row.decode("login")
        format = try row.decode("format")
        encoding = try row.decode("encoding")
        allOrNothing = try row.decode("all_or_nothing")
        status = try row.decode("status")
        rows = FeedBatchCounts(
            read: try row.decode("rows_read"), accepted: accepted, refused: try row.decode("rows_refused"), matched: matched,
            unmatched: accepted - matched)
        ignoredColumns = try row.decode("ignored_columns")
        alerts = AlertLevelCounts(red: try row.decode("alerts_red"), yellow: try row.decode("alerts_yellow"), blue: try row.decode("alerts_blue"))
        refusal = try refusalCode.map { FeedBatchRefusal(code: $0, message: try row.decode("refusal_message")) }
        attempt = try row.decode("attempt")
        startedAt = try row.decode("started_at")
        updatedAt = try row.decode("updated_at")
        finishedAt = try row.decode("finished_at", as: Date?.self)
    }
}
