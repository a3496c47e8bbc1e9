import DemoDistrict
import Foundation
import PersonalData
import SafetyNetStorage
import Testing

@Suite("Rotating the personal-data keys")
struct KeyRotationTests {
    @Test(
        "a new key re-seals every value in batches while the server reads on; the server follows the keyring file; the index key never changes; only unused, non-current keys retire"
    )
    func rotation() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("personal-data.keys")
        try Data(TestKeys.keyring.text.utf8).write(to: file)
        let serving = try PersonalDataProtector(keyringFile: file)
        try await APITestDistrict.with(protector: serving) { district in
            let town = try await district.token("town")
            let person = try district.household(inGrid: DemoAccounts.entries[0].scope).members[0]
            func revealed() async throws -> String? {
                try await district.call(.get, "/api/v1/persons/\(person.id)/identity", token: town).json["idNumber"] as? String
            }
            let before = try await KeyRotation(pool: district.pool, protector: serving).usage()
            #expect(before.keys.sorted() == ["k1"] && before["k1"] ?? 0 > 1_000)

            let rotated = TestKeys.keyring.addingKey()
            #expect(rotated.currentKeyID == "k2" && rotated.keyIDs == ["k1", "k2"])
            try Data(rotated.text.utf8).write(to: file)
            let rotation = KeyRotation(pool: district.pool, protector: try PersonalDataProtector(keyringFile: file))
            func pushEvents() async throws -> Int { try await district.pool.query("SELECT count(*) AS n FROM event_log")[0].decode("n") }
            let eventsBefore = try await pushEvents()
            #expect(try await rotation.resealBatch(limit: 300) > 0)
            let halfway = try await rotation.usage()
            #expect(halfway["k1"] ?? 0 > 0 && halfway["k2"] ?? 0 > 0)
            #expect(try await revealed() == person.idNumber.value)

            while try await rotation.resealBatch(limit: 300) > 0 {}
            #expect(try await rotation.usage() == ["k2": before["k1"]])
            #expect(try await pushEvents() == eventsBefore, "re-sealing is not news for the grid workers")
            #expect(try await revealed() == person.idNumber.value)
            #expect(serving.keyring.currentKeyID == "k2", "the server took the new key up on meeting it")

            #expect(throws: PersonalDataKeyring.KeyringError.retiringCurrent("k2")) { try rotated.removingKey("k2") }
            #expect(try rotated.removingKey("k1").keyIDs == ["k2"])

            try Data(PersonalDataKeyring.generateText(keyID: "k3").utf8).write(to: file)
            #expect(throws: PersonalDataKeyring.KeyringError.indexChanged) { try serving.reloadIfChanged() }
            #expect(serving.keyring.currentKeyID == "k2" && serving.keyring.indexFingerprint == TestKeys.keyring.indexFingerprint)
            #expect(try await revealed() == person.idNumber.value)
        }
    }
}
