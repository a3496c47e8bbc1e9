import Foundation
import PersonalData
import PostgresClient
import PostgresTestSupport
import SafetyNetKernel
import SafetyNetStorage
import Synchronization
import Testing

@Suite("Audit log hash chain")
struct AuditLogTests {
    static let actor = Principal(id: UUID(), name: "tester", role: .admin, scope: try! RegionCode("220202000000"))

    private func withLog(entries: Int, _ body: @Sendable (ConnectionPool) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await DatabaseSchema(pool: pool, modules: []).update()
                for n in 1...entries {
                    try await pool.transaction { connection in
                        try AuditLog.append(
                            AuditEntry(
                                actor: n % 3 == 0 ? nil : Self.actor, source: "127.0.0.1", action: "household.update", entity: "household",
                                entityID: "h\(n)", before: PostgresJSON(text: #"{"risk": "blue", "n": \#(n)}"#),
                                after: PostgresJSON(text: #"{"n": \#(n), "risk": "红色"}"#)), on: connection)
                    }
                }
                try await body(pool)
            }
        }
    }

    @Test("an untouched log verifies, and concurrent appends keep one unbroken chain")
    func intact() async throws {
        try await withLog(entries: 5) { pool in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        try await pool.transaction { connection in
                            try AuditLog.append(
                                AuditEntry(
                                    actor: Self.actor, source: nil, action: "visit.record", entity: "visit",
                                    entityID: "v\(n)"), on: connection)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await AuditLog.verify(pool: pool)
            #expect(result == AuditVerification(entries: 45, firstBrokenSeq: nil, problem: nil))
        }
    }

    @Test("a transaction that audited something and stays open holds no other writer back; entries chain in commit order")
    func chainedAtCommit() async throws {
        try await withLog(entries: 1) { pool in
            let opened = Atomic(false)
            let release = Atomic(false)
            async let held: Void = pool.transaction { connection in
                try AuditLog.append(
                    AuditEntry(actor: Self.actor, source: nil, action: "visit.record", entity: "visit", entityID: "held"),
                    on: connection)
                opened.store(true, ordering: .relaxed)
                while !release.load(ordering: .relaxed) { usleep(1_000) }
            }
            while !opened.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
            // Before, the first append locked the chain's head until its transaction ended.
            try await pool.transaction { connection in
                try connection.execute(script: "SET LOCAL lock_timeout = '2s'")
                try AuditLog.append(
                    AuditEntry(actor: Self.actor, source: nil, action: "visit.record", entity: "visit", entityID: "quick"),
                    on: connection)
            }
            release.store(true, ordering: .relaxed)
            try await held
            let order = try await pool.query("SELECT entity_id FROM audit_log ORDER BY seq").map { try $0.decode("entity_id", as: String.self) }
            #expect(order == ["h1", "quick", "held"])
            #expect(try await AuditLog.verify(pool: pool).isIntact)
            #expect(try await pool.query("SELECT count(*) AS n FROM audit_staged")[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test("the table refuses updates and deletes")
    func appendOnly() async throws {
        try await withLog(entries: 2) { pool in
            let error = await #expect(throws: PostgresError.self) { try await pool.query("DELETE FROM audit_log WHERE seq = 1") }
            #expect(error?.serverError?.message.contains("append-only") == true)
        }
    }

    @Test("editing one entry is detected at that entry", arguments: ["after", "actor_login", "at"])
    func editDetected(column: String) async throws {
        try await withLog(entries: 6) { pool in
            let change =
                switch column {
                case "after": #"after = '{"n": 3, "risk": "绿色"}'"#
                case "actor_login": "actor_login = 'someone else'"
                default: "at = at - interval '1 day'"
                }
            try await Self.tamper(pool, "UPDATE audit_log SET \(change) WHERE seq = 3")
            let result = try await AuditLog.verify(pool: pool)
            #expect(result.firstBrokenSeq == 3)
            #expect(result.problem?.contains("altered") == true)
        }
    }

    @Test("re-hashing an edited entry still breaks the next link")
    func rehashDetected() async throws {
        try await withLog(entries: 6) { pool in
            try await Self.tamper(
                pool,
                """
                UPDATE audit_log SET after = '{"forged": true}',
                    hash = audit_digest(previous_hash, seq, at, actor_id, actor_login, source, action, entity, entity_id, before,
                                        '{"forged": true}')
                WHERE seq = 2
                """)
            #expect(try await AuditLog.verify(pool: pool).firstBrokenSeq == 3)
        }
    }

    @Test("deleting an entry in the middle or at the end is detected")
    func deletionDetected() async throws {
        try await withLog(entries: 6) { pool in
            try await Self.tamper(pool, "DELETE FROM audit_log WHERE seq = 4")
            #expect(try await AuditLog.verify(pool: pool).firstBrokenSeq == 5)
        }
        try await withLog(entries: 6) { pool in
            try await Self.tamper(pool, "DELETE FROM audit_log WHERE seq = 6")
            let result = try await AuditLog.verify(pool: pool)
            #expect(!result.isIntact)
            #expect(result.problem?.contains("head") == true)
        }
    }

    /// Edits the log as a superuser would, bypassing the append-only trigger.
    static func tamper(_ pool: ConnectionPool, _ sql: String) async throws {
        try await pool.withConnection { connection in
            try connection.execute(script: "SET session_replication_role = replica")
            defer { try? connection.execute(script: "SET session_replication_role = origin") }
            try connection.execute(script: sql)
        }
    }
}

@Suite("Least privilege and checkpoints outside the database")
struct AuditProtectionTests {
    /// `database`'s URL for another login.
    static func url(_ database: TestDatabase, user: String, password: String) throws -> String {
        var components = try #require(URLComponents(string: database.url))
        components.user = user
        components.password = password
        return try #require(components.string)
    }

    @Test("the runtime role appends to the audit log but can neither change it, nor switch its trigger off, nor change the schema")
    func runtimeRole() async throws {
        let role = "runtime_\(UInt32.random(in: 0...UInt32.max))"
        try await TestPostgres.withDatabase { database in
            try await database.withPool { owner in
                try await DatabaseSchema(pool: owner, modules: []).update()
                try await DatabaseRoles.ensureLogin(role, password: "runtime-secret", on: owner)
                try await DatabaseRoles.grantRuntime(role, on: owner)
                let runtime = ConnectionPool(
                    configuration: .init(connection: try PostgresConfiguration(try Self.url(database, user: role, password: "runtime-secret"))))
                try await runtime.transaction { connection in
                    try AuditLog.append(
                        AuditEntry(actor: AuditLogTests.actor, source: nil, action: "visit.record", entity: "visit", entityID: "v1"), on: connection)
                }
                #expect(try await DatabaseRoles.currentRole(of: runtime) == role)
                for statement: SQL in [
                    "UPDATE audit_log SET actor_login = 'forged'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                    "ALTER TABLE audit_log DISABLE TRIGGER ALL", "CREATE TABLE intruder (id int)",
                    "DELETE FROM schema_migration",
                ] {
                    let error = await #expect(throws: PostgresError.self, "\(statement)") { try await runtime.query(statement) }
                    #expect(error?.sqlState == SQLState(rawValue: "42501"), "\(statement): \(String(describing: error))")
                }
                #expect(try await AuditLog.verify(pool: runtime).isIntact)
                try await runtime.shutdown()
                try await owner.query("DROP OWNED BY \(unsafeRaw: role)")
            }
        }
        let admin = ConnectionPool(configuration: .init(connection: try PostgresConfiguration(TestPostgres.url(database: "postgres"))))
        try await admin.query("DROP ROLE \(unsafeRaw: role)")
        try await admin.shutdown()
    }

    @Test("an owner who rewrites the whole chain passes the chain check but not the signed checkpoints")
    func rewrittenChain() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let protector = PersonalDataProtector(keyring: try PersonalDataKeyring(text: PersonalDataKeyring.generateText()))
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await DatabaseSchema(pool: pool, modules: []).update()
                let checkpoints = AuditCheckpoints(file: file, protector: protector)
                for n in 1...3 {
                    try await pool.transaction { connection in
                        try AuditLog.append(
                            AuditEntry(actor: AuditLogTests.actor, source: nil, action: "visit.record", entity: "visit", entityID: "v\(n)"),
                            on: connection)
                    }
                    #expect(try await checkpoints.record(from: pool, now: Date()) == 1)
                }
                #expect(try await checkpoints.record(from: pool, now: Date()) == 0, "no new checkpoint while the head stays")
                let clean = try await checkpoints.verify(against: pool)
                #expect(clean.checkpoints == 3 && clean.problem == nil)

                // The owner switches the trigger off, edits entry 2 and recomputes every hash after it.
                try await pool.withConnection { connection in
                    try connection.execute(
                        script: """
                            ALTER TABLE audit_log DISABLE TRIGGER USER;
                            UPDATE audit_log SET actor_login = 'forged' WHERE seq = 2;
                            DO $$
                            DECLARE entry record; previous bytea := decode(repeat('00', 32), 'hex');
                            BEGIN
                                FOR entry IN SELECT * FROM audit_log ORDER BY seq LOOP
                                    UPDATE audit_log SET previous_hash = previous,
                                        hash = audit_digest(previous, entry.seq, entry.at, entry.actor_id, entry.actor_login, entry.source, entry.action,
                                                            entry.entity, entry.entity_id, entry.before, entry.after)
                                    WHERE seq = entry.seq RETURNING hash INTO previous;
                                END LOOP;
                                UPDATE audit_head SET hash = previous;
                            END $$;
                            ALTER TABLE audit_log ENABLE TRIGGER USER;
                            """)
                }
                #expect(try await AuditLog.verify(pool: pool).isIntact, "the rewritten chain is consistent in itself")
                let verdict = try await checkpoints.verify(against: pool)
                #expect(verdict.problem?.contains("entry 2") == true, "\(verdict)")

                // A checkpoint file signed with another keyring is not accepted either.
                let stranger = AuditCheckpoints(
                    file: file, protector: PersonalDataProtector(keyring: try PersonalDataKeyring(text: PersonalDataKeyring.generateText())))
                #expect(try await stranger.verify(against: pool).problem?.contains("not signed") == true)
            }
        }
    }
}
