import Foundation
import PostgresClient
import PostgresTestSupport
import SafetyNetKernel
import SafetyNetStorage
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
                        try AuditLog.append(AuditEntry(
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
                            try AuditLog.append(AuditEntry(actor: Self.actor, source: nil, action: "visit.record", entity: "visit",
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
            let change = switch column {
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
            try await Self.tamper(pool, """
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
