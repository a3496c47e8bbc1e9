/// One field of an input that is not acceptable, with a stable code and a message for people.
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's path in the request, e.g. `members[2].idNumber`.
    public let field: String
    /// A stable, machine-readable code, e.g. `invalid_id_number`.
    public let code: String
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates the error.
    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(message)" }

    /// The same error for a field nested under `parent` (e.g. `members[0]`).
    public func nested(under parent: String) -> FieldError {
        FieldError(field: "\(parent).\(field)", code: code, message: message)
    }
}

/// Checks on plain text fields, shared by every type that validates its input.
public enum TextRule {
    /// The text trimmed, or a `FieldError` when it is empty or longer than `maximum` characters.
    public static func required(_ text: String, field: String, maximum: Int) throws(FieldError) -> String {
        let trimmed = String(text.trimmingSpaces)
        guard !trimmed.isEmpty else { throw FieldError(field: field, code: "required", message: "\(field) must not be empty") }
        guard trimmed.count <= maximum else {
            throw FieldError(field: field, code: "too_long", message: "\(field) has at most \(maximum) characters")
        }
        return trimmed
    }
}
