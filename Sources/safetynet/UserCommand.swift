import ArgumentParser
import Foundation
import NIOSSL
import PersonalData
import SafetyNetKernel
import SafetyNetStorage

/// `safetynet user add` and `safetynet token`: accounts and credentials from the command line.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.", subcommands: [Add.self, Certificate.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a person's account (password from SAFETYNET_PASSWORD or standard input) or a machine client (--machine).")

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions

        @Argument(help: "Login: 2–40 of a–z, 0–9, '.', '_' and '-'.") var login: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Region code the account covers (a grid, village, town or the district).") var scope: String
        @Option(help: "Display name (default: the login).") var name: String?
        @Option(help: "Department module id, for department officers and machine clients (e.g. medical-aid).") var department: String?
        @Flag(help: "A department system that signs in with API keys only.") var machine = false

        func run() async throws {
            let logger = try common.bootstrapLogging()
            guard let role = Role(rawValue: role) else { throw ValidationError("unknown role \(self.role)") }
            let scope: RegionCode
            do { scope = try RegionCode(self.scope) } catch { throw ValidationError("--scope: \(error)") }
            let departments = DepartmentRegistry.modules.map(\.descriptor.id)
            let module = try department.map { text in
                guard let id = ModuleID(rawValue: text), departments.contains(id) else {
                    throw ValidationError("--department is one of \(departments.map(\.rawValue).joined(separator: ", "))")
                }
                return id
            }
            let password = machine ? nil : try Self.readPassword()
            let account = try NewAccount(
                login: login, displayName: name ?? login, role: role, scope: scope,
                department: module, password: password)
            let pool = try database.connect(logger: logger)
            let created = try await Accounts(pool: pool).create(account, by: nil, source: "command line")
            print(
                "created \(created.login) (\(created.role.rawValue), scope \(created.scope))\(created.isMachine ? "; issue it a key with `safetynet token \(created.login) --api-key`" : "")"
            )
            try await pool.shutdown()
        }

        static func readPassword() throws -> String {
            if let password = ProcessInfo.processInfo.environment["SAFETYNET_PASSWORD"] { return password }
            FileHandle.standardError.write(Data("password (at least 10 characters): ".utf8))
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password given") }
            return line
        }
    }
}

extension UserCommand {
    /// `safetynet user certificate LOGIN FILE`: register a client certificate for mutual TLS.
    struct Certificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a department system's client certificate (PEM) to an account; it must be issued by the server's --client-ca.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The login of a department system's account (one without a password).") var login: String
        @Argument(help: "The client certificate, PEM.") var file: String
        @Option(help: "A note on what the certificate is for.") var label: String?

        func run() async throws {
            let logger = try common.bootstrapLogging()
            guard FileManager.default.isReadableFile(atPath: file) else { throw CommandFailure("cannot read \(file): no such file, or not readable") }
            let der: [UInt8]
            do {
                der = try NIOSSLCertificate.fromPEMFile(file).first.map { try $0.toDERBytes() } ?? []
            } catch { throw CommandFailure("\(file) holds no PEM certificate (-----BEGIN CERTIFICATE-----)") }
            guard !der.isEmpty else { throw CommandFailure("\(file) holds no PEM certificate (-----BEGIN CERTIFICATE-----)") }
            let pool = try database.connect(logger: logger)
            let accounts = Accounts(pool: pool)
            guard let account = try await accounts.account(login: login) else { throw CommandFailure("no account \(login)") }
            try await accounts.registerCertificate(der, for: account.id, label: label ?? URL(fileURLWithPath: file).lastPathComponent, by: nil)
            print("registered the certificate for \(login); it signs in over mutual TLS when the server has --client-ca")
            try await pool.shutdown()
        }
    }
}

/// `safetynet token LOGIN`: issue a session token or an API key without the HTTP log-in.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue a bearer credential for an account and print it once.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The account's login.") var login: String
    @Flag(name: .customLong("api-key"), help: "Issue a long-lived API key (for machine clients) instead of a 12-hour session token.")
    var apiKey = false
    @Option(help: "A note on what the key is for.") var label: String?

    func run() async throws {
        let logger = try common.bootstrapLogging()
        let pool = try database.connect(logger: logger)
        let accounts = Accounts(pool: pool)
        guard let account = try await accounts.account(login: login) else { throw CommandFailure("no account \(login)") }
        guard apiKey || !account.isMachine else {
            throw CommandFailure(
                "\(login) is a machine client: it signs in with an API key (add --api-key) or a client certificate, not a session token")
        }
        let issued = try await accounts.issue(apiKey ? .apiKey : .session, to: account.id, label: label ?? "command line")
        print(issued.secret)
        try await pool.shutdown()
    }
}

/// `safetynet audit verify`: check the audit log's hash chain.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Inspect the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute every entry's hash and link, and check the signed checkpoints kept outside the database; exit 1 when an entry was edited, inserted or removed, or the chain rewritten."
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var keys: KeyringOptions
        @OptionGroup var checkpoints: CheckpointOptions

        func run() async throws {
            let logger = try common.bootstrapLogging()
            let file = checkpoints.file(dataFolder: common.dataFolder)
            let signed =
                FileManager.default.fileExists(atPath: file.path)
                ? AuditCheckpoints(file: file, protector: PersonalDataProtector(keyring: try keys.load(in: common.dataFolder))) : nil
            let pool = try database.connect(logger: logger)
            let result: AuditVerification
            let anchored: AuditCheckpoints.Verification?
            do {
                result = try await AuditLog.verify(pool: pool)
                anchored = try await signed?.verify(against: pool)
            } catch {
                try? await pool.shutdown()
                throw error
            }
            try await pool.shutdown()
            guard result.isIntact else {
                print("audit log BROKEN: \(result.problem ?? "unknown problem")")
                throw ExitCode(1)
            }
            if let problem = anchored?.problem {
                print("audit log REWRITTEN: \(problem)")
                throw ExitCode(1)
            }
            print(
                "audit log intact: \(result.entries) entries"
                    + (anchored.map { ", \($0.checkpoints) signed checkpoints hold" }
                        ?? "; no checkpoint file at \(file.path) to check it against"))
        }
    }
}
