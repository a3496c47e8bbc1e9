import Crypto
import Foundation
import PostgresClient
import SafetyNetKernel

/// Remembers the outcome of POSTs sent with an `Idempotency-Key`, so a retried request returns
/// the first answer instead of acting twice.
///
/// The claim, the request's own writes and the stored answer commit in one transaction
/// (``ConnectionPool/withHeldTransaction(_:)``): after a crash at any point either all of them
/// are there, and a retry replays the answer, or none is, and a retry runs the request once.
/// A retry arriving while the first run is still going waits for it on the key's row lock, for
/// ``waitForFirstRun`` at most, so impatient retries cannot hold the pool's connections.
public struct IdempotencyStore: Sendable {
    let pool: ConnectionPool

    /// Creates the store on `pool`.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// Runs `body` (the claim, the request and its answer) in one held transaction; see
    /// ``ConnectionPool/withHeldTransaction(_:)``.
    public func holding<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        try await pool.withHeldTransaction(body)
    }

    /// What a claim found.
    public enum Claim: Sendable, Equatable {
        /// The key is new: run the request, then ``complete(user:key:status:body:)`` in the same transaction.
        case claimed
        /// The request ran before: return this.
        case replay(status: Int, body: [UInt8])
        /// The key was used for a different request.
        case mismatch
        /// The first request with this key is still running after ``waitForFirstRun``.
        case inProgress
    }

    /// How long a retry waits for the first run of its key to finish.
    public static let waitForFirstRun = "10s"

    /// Claims `key` for `user`'s request, identified by a hash of method, path and body. Call it
    /// inside the held transaction that runs the request.
    public func claim(user: UUID, key: String, request: [UInt8]) async throws -> Claim {
        let hash = PostgresBytes([UInt8](SHA256.hash(data: request)))
        do {
            return try await pool.withConnection { connection in
                let previous: String = try connection.query("SELECT current_setting('lock_timeout') AS previous")[0].decode("previous")
                try connection.query("SELECT set_config('lock_timeout', \(Self.waitForFirstRun), true)")
                let inserted =
                    try connection.query(
                        """
                        INSERT INTO idempotency_key (user_id, key, request_hash, status, response) VALUES (\(user), \(key), \(hash), 0, '')
                        ON CONFLICT DO NOTHING
                        """
                    ).affectedRows == 1
                try connection.query("SELECT set_config('lock_timeout', \(previous), true)")
                if inserted { return .claimed }
                let row = try connection.query(
                    "SELECT request_hash, status, response FROM idempotency_key WHERE user_id = \(user) AND key = \(key)")[0]
                guard try row.decode("request_hash", as: PostgresBytes.self) == hash else { return .mismatch }
                let status: Int = try row.decode("status")
                guard (200...499).contains(status) else {
                    throw PostgresError.decoding(
                        column: "idempotency_key.status", swiftType: "HTTP status", postgresType: .int4,
                        reason: "\(status) is no stored answer")
                }
                return .replay(status: status, body: try row.decode("response", as: PostgresBytes.self).bytes)
            }
        } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
            return .inProgress  // the failed insert's savepoint is rolled back, lock_timeout with it
        }
    }

    /// How long answers are kept for retries; they hold what the request answered, personal data included.
    public static let retention: TimeInterval = 7 * 86_400

    /// Forgets answers older than the retention before `now`; returns how many.
    @discardableResult
    public func prune(now: Date) async throws -> Int {
        try await pool.query("DELETE FROM idempotency_key WHERE created_at < \(now.addingTimeInterval(-Self.retention))").affectedRows
    }

    /// Stores the outcome of a claimed request, in the transaction that claimed it.
    public func complete(user: UUID, key: String, status: Int, body: [UInt8]) async throws {
        try await pool.query(
            """
            UPDATE idempotency_key SET status = \(status), response = \(PostgresBytes(body)) WHERE user_id = \(user) AND key = \(key)
            """)
    }

    /// Claims left by the earlier design, which committed a claim before its request ran: a
    /// crash then stranded it "in progress". Claims now commit only with their answer.
    static let claimsCommitWithAnswers = SchemaMigration(
        version: 13, name: "idempotency claims commit with their answers",
        sql: """
            DELETE FROM idempotency_key WHERE status = 0;
            """)
}
