import Foundation
import PostgresClient
import PostgresTestSupport
import SafetyNetKernel
import Synchronization
import Testing

@testable import SafetyNetStorage

@Suite("Principal cache")
struct PrincipalCacheTests {
    static let district = try! RegionCode("220202000000")
    static let principal = Principal(id: UUID(), name: "grid", role: .gridWorker, scope: district)

    /// A lookup that counts how often the database would have been asked.
    final class Lookups: Sendable {
        let count = Atomic(0)
        func lookUp(expiresAt: Date? = nil) -> (Principal, expiresAt: Date?)? {
            count.add(1, ordering: .relaxed)
            return (PrincipalCacheTests.principal, expiresAt)
        }
    }

    @Test("nothing is cached while the listener is away; once it listens, an entry serves until invalidated")
    func listeningGates() async throws {
        let cache = PrincipalCache()
        let lookups = Lookups()
        let key = PrincipalCache.Key.secret([1, 2, 3])
        for _ in 0..<2 { _ = try await cache.principal(for: key, now: Date()) { lookups.lookUp() } }
        #expect(lookups.count.load(ordering: .relaxed) == 2)
        cache.setListening(true)
        for _ in 0..<3 { #expect(try await cache.principal(for: key, now: Date()) { lookups.lookUp() } == Self.principal) }
        #expect(lookups.count.load(ordering: .relaxed) == 3)
        cache.invalidateAll()
        _ = try await cache.principal(for: key, now: Date()) { lookups.lookUp() }
        #expect(lookups.count.load(ordering: .relaxed) == 4)
        cache.setListening(false)
        #expect(cache.count == 0)
        _ = try await cache.principal(for: key, now: Date()) { lookups.lookUp() }
        #expect(lookups.count.load(ordering: .relaxed) == 5)
    }

    @Test("a lookup that raced with a change is not kept, and an expired credential is asked again")
    func raceAndExpiry() async throws {
        let cache = PrincipalCache()
        cache.setListening(true)
        let lookups = Lookups()
        let key = PrincipalCache.Key.certificate([9])
        // The change lands while the database is being asked: what was read before it must not stay.
        _ = try await cache.principal(for: key, now: Date()) {
            cache.invalidateAll()
            return lookups.lookUp()
        }
        #expect(cache.count == 0)
        let now = Date()
        _ = try await cache.principal(for: key, now: now) { lookups.lookUp(expiresAt: now.addingTimeInterval(1)) }
        _ = try await cache.principal(for: key, now: now.addingTimeInterval(0.5)) { lookups.lookUp() }
        #expect(lookups.count.load(ordering: .relaxed) == 2)
        _ = try await cache.principal(for: key, now: now.addingTimeInterval(2)) { lookups.lookUp() }
        #expect(lookups.count.load(ordering: .relaxed) == 3)
    }

    /// A fresh database with the district and a grid worker's account, made through accounts using `cache`.
    private func withAccount(
        cache: PrincipalCache? = nil,
        _ body: @Sendable (TestDatabase, ConnectionPool, Accounts, UserAccount) async throws -> Void
    ) async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await DatabaseSchema(pool: pool, modules: []).update()
                try await pool.query("INSERT INTO region (code, level, name) VALUES (\(Self.district.value), 'district', '昌邑区')")
                let accounts = Accounts(pool: pool, cache: cache)
                let account = try await accounts.create(
                    try NewAccount(
                        login: "grid", displayName: "网格员", role: .gridWorker, scope: Self.district, department: nil,
                        password: "a long password"), by: nil)
                try await body(database, pool, accounts, account)
            }
        }
    }

    @Test("the database announces every update of a credential, certificate or account on the cache's channel")
    func triggersNotify() async throws {
        try await withAccount { database, pool, accounts, account in
            let issued = try await accounts.issue(.session, to: account.id)
            let notifications = try await PostgresListener.listen(configuration: try database.configuration(), channels: [PrincipalCache.channel])
            var received = notifications.makeAsyncIterator()
            try await pool.query("UPDATE app_user SET display_name = '网格员甲' WHERE id = \(account.id)")
            #expect(try await received.next()?.payload == "app_user")
            #expect(try await accounts.revoke(secret: issued.secret, by: nil))
            #expect(try await received.next()?.payload == "credential")
            try await pool.query("UPDATE client_certificate SET revoked_at = now()")
            #expect(try await received.next()?.payload == "client_certificate")
        }
    }

    @Test("a server's accounts answer from the cache, and forget a secret they revoke themselves")
    func accountsUseTheCache() async throws {
        let cache = PrincipalCache()
        cache.setListening(true)
        try await withAccount(cache: cache) { _, pool, accounts, account in
            let first = try await accounts.issue(.session, to: account.id)
            let second = try await accounts.issue(.session, to: account.id)
            #expect(try await accounts.principal(forSecret: first.secret)?.id == account.id)
            // Changed behind the cache's back (no listener runs here): the cached answer stands…
            try await pool.query("UPDATE credential SET revoked_at = now() WHERE user_id = \(account.id)")
            #expect(try await accounts.principal(forSecret: first.secret)?.id == account.id)
            // …until the cache hears of a change, as the listener makes it.
            cache.invalidateAll()
            #expect(try await accounts.principal(forSecret: first.secret) == nil)
            try await pool.query("UPDATE credential SET revoked_at = NULL WHERE user_id = \(account.id)")
            #expect(try await accounts.principal(forSecret: second.secret) != nil)
            #expect(try await accounts.revoke(secret: second.secret, by: nil))
            #expect(try await accounts.principal(forSecret: second.secret) == nil)
        }
    }
}
