import Crypto
import Foundation
import PostgresClient

/// Remembers the outcome of POSTs sent with an `Idempotency-Key`, so a retried request returns
/// the first answer instead of acting twice.
///
/// A claim is committed before the request runs. If the process dies before the outcome is
/// stored, the claim stays open and later retries are refused rather than run again: a
/// duplicate is worse than a client having to look before it retries with a new key.
public struct IdempotencyStore: Sendable {
    let pool: ConnectionPool

    /// Creates the store on `pool`.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// What a claim found.
    public enum Claim: Sendable, Equatable {
        /// The key is new: run the request, then ``complete(user:key:status:body:)`` or ``release(user:key:)``.
        case claimed
        /// The request ran before: return this.
        case replay(status: Int, body: [UInt8])
        /// The same key is still running, or its first run never finished.
        case inProgress
        /// The key was used for a different request.
        case mismatch
    }

    /// Claims `key` for `user`'s request, identified by a hash of method, path and body.
    public func claim(user: UUID, key: String, request: [UInt8]) async throws -> Claim {
        let hash = PostgresBytes([UInt8](SHA256.hash(data: request)))
        return try await pool.withConnection { connection in
            let inserted = try connection.query("""
                INSERT INTO idempotency_key (user_id, key, request_hash, status, response) VALUES ($1, $2, $3, 0, '')
                ON CONFLICT DO NOTHING
                """, [user, key, hash]).affectedRows == 1
            if inserted { return .claimed }
            let rows = try connection.query(
                "SELECT request_hash, status, response FROM idempotency_key WHERE user_id = $1 AND key = $2", [user, key])
            guard let row = rows.first else { return .inProgress }
            guard try row.decode("request_hash", as: PostgresBytes.self) == hash else { return .mismatch }
            let status: Int = try row.decode("status")
            return status == 0 ? .inProgress : .replay(status: status, body: try row.decode("response", as: PostgresBytes.self).bytes)
        }
    }

    /// Stores the outcome of a claimed request.
    public func complete(user: UUID, key: String, status: Int, body: [UInt8]) async throws {
        try await pool.query("UPDATE idempotency_key SET status = $3, response = $4 WHERE user_id = $1 AND key = $2",
                             [user, key, status, PostgresBytes(body)])
    }

    /// Gives a claim up after a server-side failure, so the client may retry with the same key.
    public func release(user: UUID, key: String) async throws {
        try await pool.query("DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND status = 0", [user, key])
    }
}
