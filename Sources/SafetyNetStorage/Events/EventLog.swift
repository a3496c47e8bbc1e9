import Foundation
import PostgresClient

/// The numbered push events kept in `event_log`, read back by number.
public struct EventLog: Sendable {
    let pool: ConnectionPool

    /// How long events are kept for clients to catch up.
    public static let retention: TimeInterval = 7 * 86_400

    /// Creates the reader on `pool`.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// The number of the last event committed (0 before the first).
    public func head() async throws -> Int64 {
        try await pool.query("SELECT seq FROM event_head")[0].decode("seq")
    }

    /// The oldest event still kept, or nil when none is.
    public func oldest() async throws -> Int64? {
        try await pool.query("SELECT min(seq) AS seq FROM event_log")[0].decode("seq", as: Int64?.self)
    }

    /// Up to `limit` events after `seq`, oldest first, as their JSON text.
    public func events(after seq: Int64, limit: Int) async throws -> [String] {
        try await pool.query("SELECT payload::text AS payload FROM event_log WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)")
            .map { try $0.decode("payload") }
    }

    /// Forgets events older than the retention before `now`; returns how many.
    @discardableResult
    public func prune(now: Date) async throws -> Int {
        try await pool.query("DELETE FROM event_log WHERE at < \(now.addingTimeInterval(-Self.retention))").affectedRows
    }
}
