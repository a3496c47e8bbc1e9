/// An id owned by a module: the module's id, a dot, and a name following the module naming rule,
/// e.g. `civil-affairs.dibao` (an assistance type) or `medical-aid.settlements` (a feed).
///
/// Conforming types hold the text and say what they name; parsing, the owning module, ordering
/// and JSON come from here, so every such id reads and refuses text the same way.
public protocol ModuleQualifiedID: RawRepresentable<String>, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Wraps text already checked against the rule.
    init(checkedRawValue: String)
    /// What the id names, for messages: `assistance type`, `feed`.
    static var kind: String { get }
    /// The stable code of the error for malformed text in a request, e.g. `invalid_assistance_type`.
    static var invalidCode: String { get }
    /// An example and where the valid ids are listed, e.g. `civil-affairs.dibao; GET /api/v1/assistance-types lists them`.
    static var hint: String { get }
}

extension ModuleQualifiedID {
    /// Accepts `module.name` where both parts follow the module naming rule.
    public init?(rawValue: String) {
        let parts = rawValue.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, ModuleID.isValid(String(parts[0])), ModuleID.isValid(String(parts[1])) else { return nil }
        self.init(checkedRawValue: rawValue)
    }

    /// The id of `name` in `module`; traps on a name that breaks the rule, since ids are written in code.
    public init(module: ModuleID, name: String) {
        guard let id = Self(rawValue: "\(module.rawValue).\(name)") else {
            preconditionFailure("\(Self.kind) name is lower-case letters, digits and hyphens: \(name)")
        }
        self = id
    }

    /// The module that owns what the id names.
    public var module: ModuleID { ModuleID(checked: String(rawValue.split(separator: ".")[0])) }

    /// The part after the module's id.
    public var name: Substring { rawValue.split(separator: ".")[1] }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = Self(rawValue: text) else {
            throw FieldError(decoding: decoder, code: Self.invalidCode) { "\($0) is \(Self.kind) id such as \(Self.hint)" }
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
