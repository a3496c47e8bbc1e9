import Foundation
import PostgresClient
import SafetyNetKernel
import Synchronization

/// The principals behind recently used bearer secrets and client certificates, so a signed-in
/// request does not cost a database round trip just to learn who is asking.
///
/// The cache is only trusted while it hears every change: the database notifies
/// ``channel`` whenever a credential, certificate or account is updated or deleted (revoked,
/// disabled, its role or scope changed), and the server's listener calls ``invalidateAll()``.
/// While that listener is not connected (``setListening(_:)``), nothing is cached or served from
/// the cache, so a change made while it was away cannot be missed. Every entry also lapses after
/// ``lifetime`` and at its credential's expiry, whichever comes first.
public final class PrincipalCache: Sendable {
    /// The channel the account triggers notify on.
    public static let channel = "safetynet_accounts"
    /// The longest an entry is used before the database is asked again.
    public static let lifetime: Duration = .seconds(10)
    /// Entries kept at most; when full, the cache starts over.
    static let capacity = 10_000

    /// What a principal was looked up by.
    enum Key: Hashable {
        case secret([UInt8])
        case certificate([UInt8])
    }

    private struct Entry {
        let principal: Principal
        let expiresAt: Date?
        let storedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var isListening = false
        /// Counts invalidations, so a lookup that raced with one does not store what it read before it.
        var generation = 0
    }

    private let state = Mutex(State())

    /// An empty cache that serves nothing until ``setListening(_:)`` says the listener is connected.
    public init() {}

    /// Whether the listener is connected: turning it off or on forgets every entry.
    public func setListening(_ listening: Bool) {
        state.withLock { state in
            state.isListening = listening
            state.entries.removeAll()
            state.generation += 1
        }
    }

    /// Forgets every entry; called for each notification and after any change made in this process.
    public func invalidateAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation += 1
        }
    }

    /// The cached principal for `key`, or the result of `lookUp`, stored when it found one and
    /// nothing was invalidated meanwhile.
    func principal(
        for key: Key, now: Date, lookUp: () async throws -> (Principal, expiresAt: Date?)?
    ) async throws -> Principal? {
        let instant = ContinuousClock.now
        let (cached, generation) = state.withLock { state -> (Principal?, Int?) in
            guard state.isListening else { return (nil, nil) }
            guard let entry = state.entries[key] else { return (nil, state.generation) }
            if instant - entry.storedAt < Self.lifetime, entry.expiresAt.map({ $0 > now }) ?? true {
                return (entry.principal, state.generation)
            }
            state.entries[key] = nil
            return (nil, state.generation)
        }
        if let cached { return cached }
        guard let (principal, expiresAt) = try await lookUp() else { return nil }
        if let generation {
            state.withLock { state in
                guard state.isListening, state.generation == generation else { return }
                if state.entries.count >= Self.capacity { state.entries.removeAll() }
                state.entries[key] = Entry(principal: principal, expiresAt: expiresAt, storedAt: instant)
            }
        }
        return principal
    }

    /// Entries held now, for tests.
    var count: Int { state.withLock { $0.entries.count } }
}

extension PrincipalCache {
    /// Notifies ``PrincipalCache/channel`` on every update or delete of a credential, client
    /// certificate or account. Inserts need none: a new credential cannot be cached yet.
    static let notifications = SchemaMigration(
        version: 17, name: "account changes through NOTIFY",
        sql: """
            CREATE FUNCTION accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('safetynet_accounts', TG_TABLE_NAME);
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER credential_changed AFTER UPDATE OR DELETE ON credential
                FOR EACH STATEMENT EXECUTE FUNCTION accounts_changed();
            CREATE TRIGGER client_certificate_changed AFTER UPDATE OR DELETE ON client_certificate
                FOR EACH STATEMENT EXECUTE FUNCTION accounts_changed();
            CREATE TRIGGER app_user_changed AFTER UPDATE OR DELETE ON app_user
                FOR EACH STATEMENT EXECUTE FUNCTION accounts_changed();
            """)
}
