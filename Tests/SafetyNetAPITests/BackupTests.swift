import DemoDistrict
import Foundation
import LocalPostgres
import PersonalData
import PostgresTestSupport
import SafetyNetStorage
import Testing

@Suite("Backup and restore")
struct BackupTests {
    @Test(
        "backup, then restore into an empty database: the audit chain verifies, a household reads the same, the schema is current; refusals change nothing"
    )
    func roundTrip() async throws {
        try await APITestDistrict.with { district in
            let household = try district.household(inGrid: DemoAccounts.entries[0].scope)
            let visit = try await district.call(
                .post, "/api/v1/visits", token: try await district.token("grid"), body: AccessTests.visit(household.id.uuidString))
            #expect(visit.status == .created, "\(visit.text)")
            let csv = [FeedBatchAPITests.header, FeedBatchAPITests.settlement(try FeedBatchAPITests.stranger(991))].joined(separator: "\n") + "\n"
            #expect(
                try await FeedBatchAPITests.upload(district, csv, batch: "before-backup", token: try await district.token("medical")).status
                    == .created)

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("district.backup")
            let programs = try PostgresPrograms.locate()
            let source = DatabaseBackup(pool: district.pool, programs: programs)
            let manifest = try await source.write(to: file, keyring: TestKeys.keyring)
            let schema = DatabaseSchema(pool: district.pool, modules: TestCatalog.modules)
            #expect(manifest.keyIDs == [TestKeys.keyring.currentKeyID])
            #expect(manifest.schema == schema.knownVersions.filter { manifest.schema[$0.key] != nil } && manifest.schema["kernel"] ?? 0 > 0)
            #expect(try DatabaseBackup.manifest(of: file) == manifest)
            #expect(!FileManager.default.fileExists(atPath: file.appendingPathExtension("partial").path))
            await #expect(throws: BackupError.exists(file.path)) { try await source.write(to: file, keyring: TestKeys.keyring) }

            let registry = RegistryStore(pool: district.pool, protector: TestKeys.protector)
            let original = try #require(try await registry.household(household.id))
            let chain = try await AuditLog.verify(pool: district.pool)
            #expect(chain.isIntact && chain.entries > 0)

            try await TestPostgres.withDatabase { target in
                try await target.withPool { pool in
                    let restoring = DatabaseBackup(pool: pool, programs: programs)
                    let targetSchema = DatabaseSchema(pool: pool, modules: TestCatalog.modules)
                    let stranger = try PersonalDataKeyring(text: PersonalDataKeyring.generateText(keyID: "k9"))
                    await #expect(throws: BackupError.missingKeys([TestKeys.keyring.currentKeyID])) {
                        try await restoring.restore(from: file, keyring: stranger, schema: targetSchema)
                    }
                    let older = DatabaseSchema(pool: pool, modules: [])
                    await #expect(throws: BackupError.self) { try await restoring.restore(from: file, keyring: TestKeys.keyring, schema: older) }
                    #expect(try await pool.query("SELECT to_regclass('household') IS NULL AS empty")[0].decode("empty", as: Bool.self))

                    let restored = try await restoring.restore(from: file, keyring: TestKeys.keyring, schema: targetSchema)
                    #expect(restored == manifest)
                    let restoredChain = try await AuditLog.verify(pool: pool)
                    #expect(restoredChain.isIntact && restoredChain.entries == chain.entries)
                    #expect(try await RegistryStore(pool: pool, protector: TestKeys.protector).household(household.id) == original)
                    #expect(try await targetSchema.pending().isEmpty)
                    let rows: Int = try await pool.query("SELECT count(*) AS n FROM feed_row WHERE subject_sealed IS NOT NULL")[0].decode("n")
                    #expect(rows == 1)
                    do {
                        _ = try await restoring.restore(from: file, keyring: TestKeys.keyring, schema: targetSchema)
                        Issue.record("a restore over a restored database went ahead")
                    } catch let error as BackupError {
                        guard case .databaseNotEmpty(let tables) = error else { throw error }
                        #expect(tables > 0)
                    }
                }
            }
        }
    }

    @Test("a file that is not a backup, or whose manifest is damaged, is refused before anything is restored")
    func notABackup() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-not-a-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("PGDMP plain dump".utf8).write(to: file)
        #expect(throws: BackupError.self) { try DatabaseBackup.manifest(of: file) }
        try Data(Array("SAFETYNET-BACKUP 1\n".utf8) + Array("{\"format\": 1, broken".utf8) + [UInt8](repeating: 0x20, count: 4_100)).write(to: file)
        #expect(throws: BackupError.self) { try DatabaseBackup.manifest(of: file) }
    }
}
