import Foundation

/// PostgreSQL's own dump and restore programs, run against a database named by a conninfo
/// string. The password travels in the child's environment (`PGPASSWORD`), never in its
/// arguments, where any user of the machine could read it in the process list.
public struct PostgresPrograms: Sendable {
    /// The folder holding `pg_dump` and `pg_restore`.
    let folder: URL

    /// The newest installed `pg_dump` and `pg_restore` (a dump needs a `pg_dump` at least as new
    /// as the server); throws saying what to install when there are none.
    public static func locate() throws -> PostgresPrograms {
        guard let folder = PostgresTools.folder(holding: ["pg_dump", "pg_restore"]) else {
            throw LocalPostgresError.serverNotInstalled("pg_dump and pg_restore are missing: install Debian's postgresql-client")
        }
        return PostgresPrograms(folder: folder)
    }

    /// Writes a custom-format dump of the database, without owners or grants (the restoring
    /// installation has its own roles), to `output` from its current offset; with `snapshot`
    /// (from `pg_export_snapshot()` in a transaction still open), of that snapshot.
    public func dump(conninfo: String, password: String?, snapshot: String? = nil, to output: FileHandle) throws {
        let snapshotArgument = snapshot.map { ["--snapshot=\($0)"] } ?? []
        try run(
            "pg_dump", ["--format=custom", "--no-owner", "--no-privileges"] + snapshotArgument + ["--dbname=\(conninfo)"], password: password,
            output: output)
    }

    /// Restores a custom-format dump read from `input` at its current offset, in one transaction
    /// that the first error rolls back, so that a failed restore leaves the database as it was.
    public func restore(conninfo: String, password: String?, from input: FileHandle) throws {
        try run(
            "pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=\(conninfo)"],
            password: password, input: input)
    }

    /// Runs `program`, with its error output kept for the failure's message.
    private func run(_ program: String, _ arguments: [String], password: String?, input: FileHandle? = nil, output: FileHandle? = nil) throws {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-\(program)-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil) else { throw LocalPostgresError.cannotWrite(errors.path) }
        defer { try? FileManager.default.removeItem(at: errors) }
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer { try? errorHandle.close() }
        let executable = folder.appendingPathComponent(program).path
        let status = try Shell.launch(
            executable, arguments, input: input?.fileDescriptor, output: output?.fileDescriptor ?? errorHandle.fileDescriptor,
            errors: errorHandle.fileDescriptor, environment: password.map { ["PGPASSWORD": $0] } ?? [:])
        guard status == 0 else {
            let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw LocalPostgresError.commandFailed(
                command: "\(program) \(arguments.dropLast().joined(separator: " "))", status: status, output: String(text.suffix(4000)))
        }
    }
}
