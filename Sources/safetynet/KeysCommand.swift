import ArgumentParser
import Foundation
import PersonalData

/// `safetynet keys generate`: a new personal-data keyring.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the keys that seal personal data.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new keyring (random AES-256 and HMAC keys) to a file readable only by you.")

        @Argument(help: "The file to create; it must not exist.")
        var file: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: file) else {
                throw CommandFailure("\(file) exists; a keyring is never overwritten, since data sealed with it would be lost")
            }
            guard
                FileManager.default.createFile(
                    atPath: file, contents: Data(PersonalDataKeyring.generateText().utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw CommandFailure("cannot write \(file)")
            }
            print("Wrote a new personal-data keyring to \(file). Back it up: without it sealed data cannot be read.")
        }
    }
}
