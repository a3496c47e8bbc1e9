/// A module's stable identifier, e.g. `civil-affairs`: lower-case letters, digits and hyphens.
///
/// Text from outside (a request, a row, a command line) becomes an id only through the failable
/// ``init(rawValue:)``; a string literal in code, `ModuleID("medical-aid")`, is checked once when
/// the literal is first used.
public struct ModuleID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier's text.
    public let rawValue: String

    /// The id, or nil when `rawValue` breaks the naming rule.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// An id written in code; a literal that breaks the naming rule is a programming error and traps.
    public init(stringLiteral value: String) {
        precondition(Self.isValid(value), "module ids are lower-case letters, digits and hyphens: \(value)")
        self.rawValue = value
    }

    /// Wraps text already checked against the naming rule.
    init(checked text: String) { self.rawValue = text }

    /// The kernel's own id, owner of the core schema.
    public static let kernel: ModuleID = "kernel"

    /// Whether `text` follows the naming rule.
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 40 else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public var description: String { rawValue }
    public static func < (lhs: ModuleID, rhs: ModuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard Self.isValid(text) else {
            throw FieldError(decoding: decoder, code: "invalid_module") {
                "\($0) is a module id such as medical-aid: lower-case letters, digits and hyphens"
            }
        }
        self.rawValue = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A module's version, `major.minor.patch`, compared numerically.
public struct ModuleVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let major: Int, minor: Int, patch: Int

    /// Creates the version from its three numbers.
    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: ModuleVersion, rhs: ModuleVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}

/// Who a module is: its id, its names and its version.
public struct ModuleDescriptor: Hashable, Sendable {
    /// The stable id used in configuration, the database and URLs.
    public let id: ModuleID
    /// The department's Chinese name, e.g. 民政.
    public let chineseName: String
    /// The department's English name.
    public let englishName: String
    /// The module's version.
    public let version: ModuleVersion

    /// Creates the descriptor.
    public init(id: ModuleID, chineseName: String, englishName: String, version: ModuleVersion) {
        self.id = id
        self.chineseName = chineseName
        self.englishName = englishName
        self.version = version
    }
}

/// One step of a module's database schema: numbered from 1 in the order they apply.
///
/// The kernel only carries the text; the storage layer applies it in a transaction and records a
/// checksum, so an applied migration must never be edited: add a new one instead.
public struct SchemaMigration: Hashable, Sendable {
    /// The position in the module's sequence, starting at 1 with no gaps.
    public let version: Int
    /// A short description, e.g. `create household tables`.
    public let name: String
    /// The statements to run, as PostgreSQL text.
    public let sql: String

    /// Creates the migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// A department's plug-in: who it is, the assistance types it decides, the referrals it takes, the
/// data it feeds in and the schema it owns. Modules depend on the kernel only; the server registers them at start-up.
public protocol DepartmentModule: Sendable {
    /// Who the module is.
    var descriptor: ModuleDescriptor { get }
    /// The assistance types whose cases the department decides; their ids start with the module's id.
    var assistanceTypes: [any AssistanceType] { get }
    /// The needs it takes referrals for.
    var referralHandling: ReferralHandling { get }
    /// Whether it leads joint cases (一事一议); civil affairs does.
    var leadsJointCases: Bool { get }
    /// The module's schema steps, in order; empty when it keeps no tables of its own.
    var migrations: [SchemaMigration] { get }
    /// The data the department sends in batches; their ids start with the module's id.
    var feeds: [FeedDefinition] { get }
    /// The alert rules over its own feeds; their ids start with the module's id.
    var alertRules: [AlertRule] { get }
}

extension DepartmentModule {
    public var assistanceTypes: [any AssistanceType] { [] }
    public var referralHandling: ReferralHandling { .none }
    public var leadsJointCases: Bool { false }
    public var migrations: [SchemaMigration] { [] }
    public var feeds: [FeedDefinition] { [] }
    public var alertRules: [AlertRule] { [] }

    /// Every setting the module's types and alert rules read, time limits included.
    public var parameters: [AssistanceParameter] {
        assistanceTypes.flatMap { $0.parameters + CaseTimeLimits.parameters(for: $0.id) } + alertRules.flatMap(\.parameters)
    }
}
