import Foundation
import Logging
import PostgresClient
import PostgresTestSupport
import SafetyNetKernel
import SafetyNetStorage
import Testing

/// A department module made up for these tests.
private struct SampleModule: DepartmentModule {
    var id = "sample"
    var migrations: [SchemaMigration] = [
        SchemaMigration(version: 1, name: "sample table", sql: "CREATE TABLE sample_item (id int PRIMARY KEY)"),
        SchemaMigration(version: 2, name: "sample column", sql: "ALTER TABLE sample_item ADD COLUMN label text"),
    ]
    var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: ModuleID(stringLiteral: id), chineseName: "样例", englishName: "Sample", version: ModuleVersion(1, 0, 0))
    }
}

/// A module whose rents feed has a year-total rule over `totalling` by `dated`, or none.
private struct RentsModule: DepartmentModule {
    let totalling: String?
    let dated: String
    static let rents = FeedDefinition(
        id: FeedID(rawValue: "sample.rents")!, chineseName: "租金", meaning: "test", subject: .person, identityField: "idNumber",
        fields: [
            .idNumber(), FeedField("rent", "租金", .amount, required: false), FeedField("deposit", "押金", .amount), FeedField("paidOn", "缴纳日期", .date),
            FeedField("dueOn", "应缴日期", .date, required: false),
        ])
    static let line = AssistanceParameter(key: "sample.alert.rentFen", chineseName: "租金预警线", defaultValue: 100, unit: .fen, summary: "test")
    var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: "sample", chineseName: "样例", englishName: "Sample", version: ModuleVersion(1, 0, 0))
    }
    var feeds: [FeedDefinition] { [Self.rents] }
    var alertRules: [AlertRule] {
        totalling.map { amount in
            [
                AlertRule(
                    id: AlertRuleID(rawValue: "sample.rent-year")!, chineseName: "年度租金", meaning: "test", feed: Self.rents.id,
                    measure: .amount(.householdYearTotal(amount: amount, date: dated), over: [AlertThreshold(.blue, over: Self.line)]),
                    response: AlertResponse(ledger: .monitor(in: [.suddenHardship]), opens: nil))
            ]
        } ?? []
    }
}

@Suite("Migrations")
struct MigrationTests {
    private func tables(_ pool: ConnectionPool) async throws -> [String] {
        try await pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            .map { try $0.decode("tablename", as: String.self) }
    }

    private func ledger(_ pool: ConnectionPool) async throws -> [String] {
        try await pool.query("SELECT module_id || '#' || version || '@' || applied_at AS entry FROM schema_migration ORDER BY 1")
            .map { try $0.decode("entry", as: String.self) }
    }

    @Test("the work queue's partial index holds exactly the states the queue's stages list, so the queue's condition matches it")
    func workQueueIndex() throws {
        let migration = try #require(KernelSchema.migrations.first { $0.name == "the work queue of open case items" })
        let listed = try #require(migration.sql.firstMatch(of: /WHERE state IN \(([^)]*)\)/)).output.1
        let states = listed.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\n")) }
        #expect(Set(states) == Set(CaseQueueStage.allCases.flatMap(\.states).map(\.rawValue)) && states.count == 6)
    }

    @Test("feed rows stored before the server sent fingerprints get the one it sends for the same fields")
    func fingerprintsOfEarlierRows() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let before = KernelSchema.migrations.filter { $0.version < 34 }
                try await Migrator(pool: pool).apply([MigrationSet(owner: .kernel, migrations: before)])
                try await pool.query(
                    """
                    INSERT INTO feed_row (batch_id, row_number, subject_index, subject_masked, subject_sealed, subject_key_id, fields)
                    SELECT gen_random_uuid(), n, '\\x00', '1101**********0011', '\\x01', 'k1', jsonb_build_object('selfPaid', n, 'hospital', '市"一"院\\' || n)
                    FROM generate_series(1, 3) n
                    """)
                try await Migrator(pool: pool).apply([.kernel])
                let rows = try await pool.query(
                    """
                    SELECT bool_and(fingerprint = feed_row_fingerprint(fields)) AS same, count(DISTINCT fingerprint) AS distinct,
                           min(fingerprint) FILTER (WHERE row_number = 1) AS first,
                           (SELECT attgenerated = '' AND attnotnull FROM pg_attribute
                            WHERE attrelid = 'feed_row'::regclass AND attname = 'fingerprint') AS plain
                    FROM feed_row
                    """)
                #expect(try rows[0].decode("same", as: Bool.self))
                #expect(try rows[0].decode("distinct", as: Int.self) == 3)
                // The first 8 bytes, big-endian, of the SHA-256 of {"hospital": "市\"一\"院\\1", "selfPaid": 1},
                // taken outside PostgreSQL and Swift: the text jsonb writes the first row back as.
                #expect(try rows[0].decode("first", as: Int64.self) == 8_200_897_994_268_851_083)
                #expect(try rows[0].decode("plain", as: Bool.self), "no longer generated, and required of every row")
            }
        }
    }

    @Test(
        "stored rows get the year and amount their feed's year-total rule reads, its module on or off: filled once when the rule is new, again when it reads other fields, and after it was dropped and added back"
    )
    func yearTotalsOfStoredRows() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                func schema(_ amount: String?, dated date: String = "paidOn") -> DatabaseSchema {
                    DatabaseSchema(pool: pool, modules: [RentsModule(totalling: amount, dated: date)])
                }
                func update(totalling amount: String?, dated date: String = "paidOn") async throws {
                    try await schema(amount, dated: date).update()
                }
                func totals() async throws -> [String] {
                    try await pool.query(
                        "SELECT coalesce(total_year::text, '-') || ':' || coalesce(total_fen::text, '-') AS total FROM feed_row ORDER BY batch_id, row_number"
                    )
                    .map { try $0.decode("total", as: String.self) }
                }
                try await update(totalling: nil)
                try await pool.withConnection { connection in
                    try connection.execute(
                        script: """
                            INSERT INTO region (code, level, name) VALUES ('220202000000', 'district', '昌邑区');
                            INSERT INTO app_user (id, login, display_name, role, scope_code, department, is_machine)
                            VALUES ('00000000-0000-0000-0000-000000000001', 'housing-system', '住建系统', 'department_officer', '220202000000', 'sample', true);
                            INSERT INTO feed_batch (id, feed_id, module_id, sender_id, sender_batch_id, format, encoding, all_or_nothing, status,
                                                    started_at, updated_at)
                            VALUES ('00000000-0000-0000-0000-0000000000a1', 'sample.rents', 'sample', '00000000-0000-0000-0000-000000000001',
                                    'r-1', 'csv', 'utf-8', false, 'done', now(), now()),
                                   ('00000000-0000-0000-0000-0000000000b1', 'sample.leases', 'sample', '00000000-0000-0000-0000-000000000001',
                                    'l-1', 'csv', 'utf-8', false, 'done', now(), now());
                            INSERT INTO feed_row (batch_id, row_number, subject_index, subject_masked, subject_sealed, subject_key_id, fields, fingerprint)
                            VALUES ('00000000-0000-0000-0000-0000000000a1', 1, '\\x00', '2202**********0011', '\\x01', 'k1',
                                    '{"rent": 1500, "dueOn": "2024-12-01", "paidOn": "2025-12-31", "deposit": 300}', 1),
                                   ('00000000-0000-0000-0000-0000000000a1', 2, '\\x00', '2202**********0011', '\\x01', 'k1',
                                    '{"dueOn": "0000-00-00", "paidOn": "2026-01-02", "deposit": "四百"}', 2),
                                   ('00000000-0000-0000-0000-0000000000b1', 1, '\\x00', '2202**********0011', '\\x01', 'k1',
                                    '{"rent": 9, "paidOn": "2026-01-05"}', 3);
                            """)
                }
                try await pool.query("UPDATE module_state SET enabled = false WHERE module_id = 'sample'")
                #expect(try await schema("rent").pendingFills() == [RentsModule.rents.id])
                try await update(totalling: "rent")
                #expect(try await totals() == ["2025:1500", "2026:-", "-:-"], "a blank amount stays blank; another feed's rows are not touched")
                #expect(try await schema("rent").pendingFills().isEmpty)
                try await pool.query("UPDATE feed_row SET total_fen = 1 WHERE row_number = 1 AND fields ? 'deposit'")
                try await update(totalling: "rent")
                #expect(try await totals() == ["2025:1", "2026:-", "-:-"], "the same rule again fills nothing")
                try await update(totalling: "deposit", dated: "dueOn")
                #expect(try await totals() == ["2024:300", "-:-", "-:-"], "a value that is no date or whole number is left blank")
                try await update(totalling: "rent")
                #expect(try await totals() == ["2025:1500", "2026:-", "-:-"])
                try await update(totalling: nil)
                #expect(try await pool.query("SELECT count(*) AS n FROM feed_year_total")[0].decode("n", as: Int.self) == 0)
                try await pool.query("UPDATE feed_row SET total_year = NULL, total_fen = NULL")
                try await update(totalling: "rent")
                #expect(try await totals() == ["2025:1500", "2026:-", "-:-"], "a rule added back fills the rows again")
            }
        }
    }

    @Test("applying twice changes nothing the second time")
    func idempotent() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let schema = DatabaseSchema(pool: pool, modules: [SampleModule()])
                let first = try await schema.update()
                let kernel = KernelSchema.migrations.map { "kernel#\($0.version)" }
                #expect(first.map { "\($0.owner)#\($0.version)" } == kernel + ["sample#1", "sample#2"])
                let tablesAfterFirst = try await tables(pool)
                let ledgerAfterFirst = try await ledger(pool)
                #expect(tablesAfterFirst.contains("sample_item") && tablesAfterFirst.contains("household"))

                #expect(try await schema.update().isEmpty)
                #expect(try await schema.pending().isEmpty)
                #expect(try await tables(pool) == tablesAfterFirst)
                #expect(try await ledger(pool) == ledgerAfterFirst)
            }
        }
    }

    @Test("a changed applied migration is refused and nothing else runs")
    func changedMigrationRefused() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                var module = SampleModule()
                module.migrations.removeLast()
                try await DatabaseSchema(pool: pool, modules: [module]).update()

                var edited = SampleModule()
                edited.migrations[0] = SchemaMigration(version: 1, name: "sample table", sql: "CREATE TABLE sample_item (id bigint PRIMARY KEY)")
                let error = await #expect(throws: MigrationError.self) {
                    try await DatabaseSchema(pool: pool, modules: [edited]).update()
                }
                #expect(error == .changedAfterApplying(owner: ModuleID("sample"), version: 1, name: "sample table"))
                // Migration 2 was pending but must not have run.
                let columns = try await pool.query(
                    "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'sample_item' AND column_name = 'label'")
                #expect(try columns[0].decode("n", as: Int.self) == 0)
            }
        }
    }

    @Test("a disabled module's migrations wait until it is enabled")
    func disabledModuleWaits() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await DatabaseSchema(pool: pool, modules: []).update()
                try await pool.query("INSERT INTO module_state (module_id, enabled) VALUES ('sample', false)")
                let schema = DatabaseSchema(pool: pool, modules: [SampleModule()])
                #expect(try await schema.update().isEmpty)
                #expect(try await !tables(pool).contains("sample_item"))

                try await pool.query("UPDATE module_state SET enabled = true WHERE module_id = 'sample'")
                #expect(try await schema.pending().count == 2)
                #expect(try await schema.update().count == 2)
                #expect(try await tables(pool).contains("sample_item"))
            }
        }
    }

    @Test("a failing migration leaves neither its changes nor its record, and keeps the ones before it")
    func failingMigrationRollsBack() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                var module = SampleModule()
                module.migrations[1] = SchemaMigration(
                    version: 2, name: "broken",
                    sql: """
                        CREATE TABLE sample_half (id int);
                        ALTER TABLE no_such_table ADD COLUMN x int;
                        """)
                await #expect(throws: PostgresError.self) { try await DatabaseSchema(pool: pool, modules: [module]).update() }
                let names = try await tables(pool)
                #expect(names.contains("sample_item"))
                #expect(!names.contains("sample_half"))
                let recorded = try await pool.query("SELECT max(version) AS v FROM schema_migration WHERE module_id = 'sample'")
                #expect(try recorded[0].decode("v", as: Int.self) == 1)
            }
        }
    }

    @Test("a migration may run longer than the pool's statement limit: it runs once, at start-up")
    func migrationOutlastsStatementLimit() async throws {
        try await TestPostgres.withDatabase { database in
            let pool = ConnectionPool(configuration: .init(connection: try database.configuration(statementTimeout: .milliseconds(200))))
            do {
                await #expect(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(0.4)") }
                var module = SampleModule()
                module.migrations[1] = SchemaMigration(
                    version: 2, name: "slow", sql: "SELECT pg_sleep(0.4); ALTER TABLE sample_item ADD COLUMN label text")
                try await DatabaseSchema(pool: pool, modules: [module]).update()
                let columns = try await pool.query("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'sample_item'")
                #expect(try columns[0].decode("n", as: Int.self) == 2)
                await #expect(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(0.4)") }
            } catch {
                try? await pool.shutdown()
                throw error
            }
            try await pool.shutdown()
        }
    }

    @Test("a database migrated by a newer build is refused")
    func newerDatabaseRefused() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await DatabaseSchema(pool: pool, modules: [SampleModule()]).update()
                var older = SampleModule()
                older.migrations.removeLast()
                let error = await #expect(throws: MigrationError.self) {
                    try await DatabaseSchema(pool: pool, modules: [older]).update()
                }
                #expect(error == .databaseNewerThanCode(owner: ModuleID("sample"), appliedVersion: 2, knownVersion: 1))
            }
        }
    }

    @Test("module statuses: enabled state, applied and pending migrations, and a database newer than the build")
    func statuses() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let fresh = try await DatabaseSchema(pool: pool, modules: [SampleModule()]).moduleStatuses()
                #expect(fresh.map { [$0.appliedVersion, $0.pending] } == [[0, 2]] && fresh[0].enabled)
                #expect(fresh[0].workload == nil)
                var older = SampleModule()
                older.migrations.removeLast()
                try await DatabaseSchema(pool: pool, modules: [older]).update()
                let behind = try await DatabaseSchema(pool: pool, modules: [SampleModule()]).moduleStatuses()
                #expect(behind.map { [$0.appliedVersion, $0.latestVersion, $0.pending] } == [[1, 2, 1]] && !behind[0].isDowngrade)
                try await DatabaseSchema(pool: pool, modules: [SampleModule()]).update()
                try await pool.query("UPDATE module_state SET enabled = false WHERE module_id = 'sample'")
                let ahead = try await DatabaseSchema(pool: pool, modules: [older]).moduleStatuses()
                #expect(ahead[0].isDowngrade && !ahead[0].enabled && ahead[0].pending == 0)
                #expect(ahead[0].workload?.isEmpty == true)
            }
        }
    }

    @Test("migrations numbered with a gap are refused before anything runs")
    func misnumbered() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                var module = SampleModule()
                module.migrations.remove(at: 0)
                await #expect(throws: MigrationError.misnumbered(owner: ModuleID("sample"), versions: [2])) {
                    try await DatabaseSchema(pool: pool, modules: [module]).update()
                }
            }
        }
    }

    @Test("two processes migrating at once apply each migration exactly once")
    func concurrentRuns() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 4) { pool in
                let schema = DatabaseSchema(pool: pool, modules: [SampleModule()])
                async let a = schema.update()
                async let b = schema.update()
                let total = try await a.count + b.count
                #expect(total == KernelSchema.migrations.count + 2)
            }
        }
    }

    @Test("switching a module on applies its waiting migrations first; switches are audited, repeats change nothing, a newer database is refused")
    func switchboard() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let logger = Logger(label: "switch-test")
                let sample = ModuleID("sample")
                try await DatabaseSchema(pool: pool, modules: []).update()
                try await pool.query("INSERT INTO module_state (module_id, enabled) VALUES ('sample', false)")
                try await DatabaseSchema(pool: pool, modules: [SampleModule()]).update()
                let board = try await ModuleSwitchboard.load(modules: [SampleModule()], from: pool)
                #expect(!board.isEnabled(sample) && board.isEnabled(.kernel))
                #expect(throws: ModuleDisabledError.self) { try board.require(sample) }

                let on = try await board.switchModule("sample", on: true, note: "pilot", by: nil, source: "test", in: pool, logger: logger)
                #expect(on.changed && on.appliedMigrations.map(\.version) == [1, 2])
                #expect(try await tables(pool).contains("sample_item") && board.isEnabled(sample))
                let again = try await board.switchModule("sample", on: true, note: nil, by: nil, source: "test", in: pool, logger: logger)
                #expect(!again.changed && again.appliedMigrations.isEmpty)
                _ = try await board.switchModule("sample", on: false, note: nil, by: nil, source: "test", in: pool, logger: logger)
                #expect(try await !ModuleSwitchboard.load(modules: [SampleModule()], from: pool).isEnabled(sample))
                let audited = try await pool.query("SELECT action FROM audit_log WHERE entity = 'module' ORDER BY seq").map {
                    try $0.decode("action", as: String.self)
                }
                #expect(audited == ["module.enabled", "module.disabled"])
                await #expect(throws: ModuleSwitchError.unknownModule("housing")) {
                    try await board.switchModule("housing", on: true, note: nil, by: nil, source: "test", in: pool, logger: logger)
                }

                var older = SampleModule()
                older.migrations.removeLast()
                await #expect(throws: MigrationError.self) {
                    try await ModuleSwitchboard(modules: [older]).switchModule(
                        "sample", on: true, note: nil, by: nil, source: "test", in: pool, logger: logger)
                }
                #expect(try await ModuleStates(pool: pool).enabled(among: [sample]).isEmpty)
            }
        }
    }
}
