import ArgumentParser
import Foundation
import PostgresClient
import ServerConfiguration

/// `safetynet config check FILE`: a configuration file validated as the server would read it,
/// without starting anything or connecting to the database.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Configuration files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Validate a configuration file (with the environment over it, as the server reads them) without starting: exit 1 on any problem.",
            discussion:
                "Keys are the environment variables' names without SAFETYNET_, in lower case, with dashes: \(SettingKey.allCases.map(\.fileKey).joined(separator: ", "))."
        )

        @Argument(help: "The YAML configuration file.")
        var file: String

        func run() throws {
            let configuration: ConfigurationFile
            do {
                configuration = try ConfigurationFile(path: file)
            } catch {
                print("✗ \(error)")
                throw ExitCode(1)
            }
            let sources = SettingSources(file: configuration)
            SettingSources.use(sources)
            let problems = try Self.problems()
            for key in SettingKey.allCases {
                guard let value = sources.value(key, flag: nil), let origin = sources.origin(key, flag: nil) else { continue }
                print("  \(key.fileKey) = \(Self.shown(value, of: key))  (\(origin))")
            }
            for problem in problems { print("✗ \(problem)") }
            guard problems.isEmpty else { throw ExitCode(1) }
            print("✓ \(file): \(configuration.values.count) settings, all valid")
        }

        /// Every problem the option groups find with the settings as now sourced.
        static func problems() throws -> [String] {
            let common = try CommonOptions.parse([])
            let database = try DatabaseOptions.parse([])
            let server = try ServerOptions.parse([])
            let policy = try PolicyOptions.parse([])
            let keys = try KeyringOptions.parse([])
            let metrics = try MetricsOptions.parse([])
            let checks: [(String, () throws -> Void)] = [
                ("log", { _ = try common.logSettings() }),
                ("database-url", { _ = try database.resolvedURL.map { try PostgresConfiguration($0) } }),
                ("owner-database-url", { _ = try database.resolvedOwnerURL.map { try PostgresConfiguration($0) } }),
                ("pool-size", { _ = try database.poolSizeSetting() }),
                ("server", { _ = try server.settings(dataFolder: common.dataFolder) }),
                ("visit-intervals", { _ = try policy.visitPolicy() }),
                ("assistance-settings", { _ = try policy.settingsFile() }),
                ("personal-data-keys-file", { _ = try keys.load(in: common.dataFolder) }),
                ("metrics-port", { _ = try metrics.chosenPort() }),
            ]
            var problems = checks.compactMap { name, check -> String? in
                do {
                    try check()
                    return nil
                } catch {
                    return "\(name): \(error)"
                }
            }
            for key in [SettingKey.certificate, .privateKey, .clientCA] {
                if let path = setting(nil, key), !FileManager.default.isReadableFile(atPath: path) {
                    problems.append("\(key.fileKey): \(path) cannot be read")
                }
            }
            return problems
        }

        /// The value as it may be printed: database URLs without their password.
        static func shown(_ value: String, of key: SettingKey) -> String {
            guard key == .databaseURL || key == .ownerDatabaseURL else { return value }
            return (try? PostgresConfiguration(value).redacted) ?? "(not a database URL)"
        }
    }
}
