import ArgumentParser
import Foundation
import SafetyNetStorage

/// `safetynet modules`: the department modules linked into this build and their state in the database.
struct ModulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules",
        abstract: "Department modules linked into this build.",
        subcommands: [List.self],
        defaultSubcommand: List.self)

    /// `safetynet modules list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List each module with its version, enabled state and migrations (applied / in this build, pending).")

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = try common.bootstrapLogging()
            let pool = try database.connect(logger: logger)
            let statuses = try await DatabaseSchema(pool: pool, modules: DepartmentRegistry.modules, logger: logger).moduleStatuses()
            try await pool.shutdown()
            print(Self.row(["module", "version", "state", "migrations", "name"]))
            for status in statuses {
                let migrations = "\(status.appliedVersion)/\(status.latestVersion)"
                    + (status.isDowngrade ? " newer than this build" : status.pending > 0 ? " (\(status.pending) pending)" : "")
                print(Self.row([status.descriptor.id.rawValue, status.descriptor.version.description, status.enabled ? "enabled" : "disabled",
                                migrations, "\(status.descriptor.chineseName) · \(status.descriptor.englishName)"]))
            }
        }

        /// The cells padded to the columns' widths, the last one as it is.
        private static func row(_ cells: [String]) -> String {
            zip(cells, [16, 8, 9, 24]).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " ") + " " + cells[cells.count - 1]
        }
    }
}
