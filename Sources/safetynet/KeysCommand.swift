import ArgumentParser
import Foundation
import PersonalData
import SafetyNetStorage

/// `safetynet keys`: create, rotate and retire the keys that seal personal data.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the keys that seal personal data.",
        subcommands: [Generate.self, Rotate.self, Status.self, Retire.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new keyring (random AES-256 and HMAC keys) to a file readable only by you.")

        @Argument(help: "The file to create; it must not exist.")
        var file: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: file) else {
                throw CommandFailure("\(file) exists; a keyring is never overwritten, since data sealed with it would be lost")
            }
            try PrivateFile.replace(URL(fileURLWithPath: file), with: PersonalDataKeyring.generateText())
            print("Wrote a new personal-data keyring to \(file). Back it up: without it sealed data cannot be read.")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Add a new key to the keyring file, make it current, and re-seal every stored value with it, in batches, while the server runs.",
            discussion: """
                A running server re-reads the keyring file within 30 seconds, and at once when it meets a value sealed \
                with a key it does not know yet. Interrupted, the re-sealing resumes with --resume. The old key stays \
                in the file until `safetynet keys retire` removes it.
                """)

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keys: KeyringOptions

        @Flag(help: "Re-seal what is left without adding another key.")
        var resume = false

        @Option(help: "Values re-sealed per transaction and sealed column.")
        var batch = 1_000

        @Option(name: .customLong("settle-seconds"), help: "Wait before the last pass, for running servers to switch to the new key.")
        var settleSeconds = 35

        func run() async throws {
            let logger = try common.bootstrapLogging()
            guard let file = keys.file(in: common.dataFolder) else {
                throw CommandFailure(
                    "the keyring is given as text in SAFETYNET_PERSONAL_DATA_KEYS; rotation edits a keyring file (--personal-data-keys FILE)")
            }
            if !resume {
                let rotated = try keys.load(in: common.dataFolder).addingKey()
                try PrivateFile.replace(file, with: rotated.text)
                print("Added key \(rotated.currentKeyID) to \(file.path); it seals new values from now on.")
            }
            let protector = try keys.protector(in: common.dataFolder)
            let pool = try database.connect(logger: logger)
            do {
                let rotation = KeyRotation(pool: pool, protector: protector)
                var total = try await Self.resealAll(rotation, batch: batch)
                print("Waiting \(settleSeconds) s for running servers to take the new key up, then a last pass.")
                try await Task.sleep(for: .seconds(settleSeconds))
                total += try await Self.resealAll(rotation, batch: batch)
                print("Re-sealed \(total) values with \(protector.keyring.currentKeyID).")
                print(Status.report(try await rotation.usage(), keyring: protector.keyring))
                try await pool.shutdown()
            } catch {
                try? await pool.shutdown()
                throw error
            }
        }

        static func resealAll(_ rotation: KeyRotation, batch: Int) async throws -> Int {
            var total = 0
            while case let count = try await rotation.resealBatch(limit: batch), count > 0 {
                total += count
                FileHandle.standardError.write(Data("\rre-sealed \(total) values".utf8))
            }
            if total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
            return total
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show how many stored values each key seals, and which keys can be retired.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keys: KeyringOptions

        func run() async throws {
            let logger = try common.bootstrapLogging()
            let keyring = try keys.load(in: common.dataFolder)
            let pool = try database.connect(logger: logger)
            let usage = try await KeyRotation(pool: pool, protector: PersonalDataProtector(keyring: keyring)).usage()
            try await pool.shutdown()
            print(Self.report(usage, keyring: keyring))
            if !Set(usage.keys).isSubset(of: keyring.keyIDs) { throw ExitCode(1) }
        }

        /// One line per key: what it seals and what may be done with it.
        static func report(_ usage: [String: Int], keyring: PersonalDataKeyring) -> String {
            keyring.keyIDs.union(usage.keys).sorted().map { id in
                let values = usage[id] ?? 0
                let state =
                    if !keyring.keyIDs.contains(id) {
                        "MISSING from the keyring: these values cannot be read; put the key back"
                    } else if id == keyring.currentKeyID {
                        "current: seals new values"
                    } else if values == 0 {
                        "unused: can be retired (`safetynet keys retire \(id)`)"
                    } else {
                        "still in use: `safetynet keys rotate --resume` moves its values to \(keyring.currentKeyID)"
                    }
                return "\(id)  \(values) values  \(state)"
            }.joined(separator: "\n")
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a key that no stored value uses from the keyring file.",
            discussion: """
                Backups taken before the rotation still need the retired key: the previous keyring is kept beside \
                the file as <file>.before-retiring-<id>; store it with those backups, then delete it from the server.
                """)

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keys: KeyringOptions

        @Argument(help: "The id of the key to retire, e.g. k1.")
        var id: String

        func run() async throws {
            let logger = try common.bootstrapLogging()
            guard let file = keys.file(in: common.dataFolder) else {
                throw CommandFailure("the keyring is given as text in SAFETYNET_PERSONAL_DATA_KEYS; retire the key by editing that text")
            }
            let keyring = try keys.load(in: common.dataFolder)
            let retired = try keyring.removingKey(id)
            let pool = try database.connect(logger: logger)
            let values = try await KeyRotation(pool: pool, protector: PersonalDataProtector(keyring: keyring)).usage()[id] ?? 0
            try await pool.shutdown()
            guard values == 0 else { throw PersonalDataKeyring.KeyringError.keyInUse(id, values: values) }
            let previous = file.appendingPathExtension("before-retiring-\(id)")
            try PrivateFile.replace(previous, with: keyring.text)
            try PrivateFile.replace(file, with: retired.text)
            print("Retired key \(id) from \(file.path). The previous keyring is in \(previous.path): keep it with backups older than the rotation.")
        }
    }
}
