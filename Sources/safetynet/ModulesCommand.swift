import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage

/// `safetynet modules`: the department modules linked into this build, their state in the
/// database, and switching them on and off.
struct ModulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules",
        abstract: "Department modules linked into this build: list them, enable or disable one.",
        subcommands: [List.self, Enable.self, Disable.self],
        defaultSubcommand: List.self)

    /// `safetynet modules list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List each module with its version, enabled state, migrations (applied / in this build, pending) and open work.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = try common.bootstrapLogging()
            guard try database.resolvedURL != nil else { return listLinked() }
            let pool = try database.connect(logger: logger)
            let statuses = try await DatabaseSchema(pool: pool, modules: DepartmentRegistry.modules, logger: logger).moduleStatuses()
            try await pool.shutdown()
            print(Self.row(["module", "version", "state", "migrations", "open work", "name"]))
            for status in statuses {
                let migrations =
                    "\(status.appliedVersion)/\(status.latestVersion)"
                    + (status.isDowngrade ? " newer than this build" : status.pending > 0 ? " (\(status.pending) pending)" : "")
                print(
                    Self.row([
                        status.descriptor.id.rawValue, status.descriptor.version.description, status.enabled ? "enabled" : "disabled",
                        migrations, status.workload.map(Self.summary) ?? "-",
                        "\(status.descriptor.chineseName) · \(status.descriptor.englishName)",
                    ]))
            }
        }

        /// Without a database: what this build links in, so an integrator sees a new module arrive.
        private func listLinked() {
            print("no database given (--database-url or SAFETYNET_DATABASE_URL): the modules linked into this build")
            print(Self.row(["module", "version", "state", "migrations", "open work", "name"]))
            for module in DepartmentRegistry.modules {
                let descriptor = module.descriptor
                print(
                    Self.row([
                        descriptor.id.rawValue, descriptor.version.description, "-", "\(module.migrations.count) in this build", "-",
                        "\(descriptor.chineseName) · \(descriptor.englishName)",
                    ]))
            }
        }

        /// The cells padded to the columns' widths (a longer cell is kept whole), the last one as it is.
        private static func row(_ cells: [String]) -> String {
            zip(cells, [16, 8, 9, 24, 22]).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
                + " " + cells[cells.count - 1]
        }

        /// e.g. `12 items, 3 referrals`.
        static func summary(_ workload: ModuleWorkload) -> String {
            workload.isEmpty
                ? "none"
                : "\(workload.openCaseItems) items, \(workload.openReferrals) referrals"
                    + (workload.pendingContributions > 0 ? ", \(workload.pendingContributions) joint" : "")
        }
    }

    /// What `enable` and `disable` take.
    struct SwitchOptions: ParsableArguments {
        @Argument(help: "The module's id, e.g. medical-aid (see `safetynet modules list`).") var module: String
        @Option(help: "Why, for the audit log.") var note: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions

        /// Switches the module and says what it did and what waits on it.
        func switchModule(on: Bool) async throws {
            try await ModulesCommand.switchModule(module, on: on, note: note, common: common, database: database)
        }
    }

    /// `safetynet modules enable ID`.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Switch a module on: applies its pending migrations, then every running server takes its requests again.")

        @OptionGroup var options: SwitchOptions

        func run() async throws { try await options.switchModule(on: true) }
    }

    /// `safetynet modules disable ID`.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Switch a module off: every running server refuses its types and routes with module_disabled; its data and open work are kept.")

        @OptionGroup var options: SwitchOptions

        func run() async throws { try await options.switchModule(on: false) }
    }

    /// Switches `id` and says what it did and what waits on the module.
    static func switchModule(_ id: String, on: Bool, note: String?, common: CommonOptions, database: DatabaseOptions) async throws {
        let logger = try common.bootstrapLogging()
        let pool = try database.connect(logger: logger)
        do {
            let board = ModuleSwitchboard(modules: DepartmentRegistry.modules)
            let done = try await board.switchModule(id, on: on, note: note, by: nil, source: "cli", in: pool, logger: logger)
            let moduleID = done.module
            let workload = try await ModuleWorkloadReader(pool: pool).workloads(of: [moduleID])[moduleID]
            try await pool.shutdown()
            let state = on ? "enabled" : "disabled"
            print(done.changed ? "\(id) is now \(state); running servers follow at once." : "\(id) was already \(state).")
            if !done.appliedMigrations.isEmpty {
                print("applied migrations: " + done.appliedMigrations.map { "#\($0.version) \($0.name)" }.joined(separator: ", "))
            }
            if !on, let workload, !workload.isEmpty {
                print("open work kept: \(List.summary(workload)); see GET /api/v1/modules/\(id)/open-work")
            }
        } catch let error as ModuleSwitchError {
            try? await pool.shutdown()
            throw CommandFailure(error.description)
        } catch {
            try? await pool.shutdown()
            throw error
        }
    }
}
