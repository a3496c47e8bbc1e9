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
///
/// Accepted text is kept exactly as sent: nothing is trimmed, cut or replaced. Control
/// characters (NUL, escape, …) are refused; tab and newline only in free text.
public enum TextRule {
    /// Whether a field holds one line (a name, an address) or free text (findings, reasons).
    public enum Lines: Sendable {
        /// No tab or line break.
        case single
        /// Tab and newline allowed.
        case multiple
    }

    /// The text, or a `FieldError` when it is blank, longer than the limit or holds characters
    /// the field does not take.
    public static func required(_ text: String, field: String, limit: TextLimit) throws(FieldError) -> String {
        try checkCharacters(text, field: field, lines: limit.lines)
        guard !text.trimmingSpaces.isEmpty else { throw FieldError(field: field, code: "required", message: "\(field) must not be empty") }
        guard text.unicodeScalars.count <= limit.maximum else {
            throw FieldError(field: field, code: "too_long", message: "\(field) has at most \(limit.maximum) characters")
        }
        return text
    }

    /// Refuses control characters: all of them in single-line text, all but tab and newline in free text.
    public static func checkCharacters(_ text: String, field: String, lines: Lines) throws(FieldError) {
        guard mayHoldControl(text) else { return }
        guard let bad = text.unicodeScalars.first(where: { isRefused($0, lines: lines) }) else { return }
        let name = bad.value == 0 ? "NUL" : "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
        let allowed = lines == .multiple ? "; only tab and newline (\\n) are allowed in free text" : "; it is one line of text"
        throw FieldError(field: field, code: "invalid_characters", message: "\(field) holds the control character \(name)\(allowed)")
    }

    /// Whether `text` may hold a control character (C0, DEL or C1), read from its UTF-8 bytes:
    /// false for nearly all text, which so skips the lookup of every scalar's category.
    private static func mayHoldControl(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            // C1 controls (U+0080–U+009F) are written C2 80 … C2 9F.
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte <= 0x9F && byte >= 0x80) { return true }
            previous = byte
        }
        return false
    }

    private static func isRefused(_ scalar: Unicode.Scalar, lines: Lines) -> Bool {
        guard scalar.properties.generalCategory == .control else { return false }
        return lines == .single || (scalar != "\t" && scalar != "\n")
    }
}

/// How long a text field may be and whether it is one line: the kernel checks text against
/// these, and the API's document states the same limits.
public struct TextLimit: Sendable, Hashable {
    /// The most characters the field takes.
    public let maximum: Int
    /// One line or free text.
    public let lines: TextRule.Lines

    /// A person's or an account's name.
    public static let name = TextLimit(maximum: 50, lines: .single)
    /// A project's name.
    public static let title = TextLimit(maximum: 100, lines: .single)
    /// A household's address.
    public static let address = TextLimit(maximum: 300, lines: .single)
    /// A legal basis, a notice, a short note.
    public static let brief = TextLimit(maximum: 500, lines: .multiple)
    /// A reason, an answer, a note on a step.
    public static let remark = TextLimit(maximum: 1_000, lines: .multiple)
    /// A description, visit findings, a conclusion.
    public static let statement = TextLimit(maximum: 2_000, lines: .multiple)
}

/// Amounts of money as requests state them, in fen.
public enum AmountRule {
    /// The largest amount taken anywhere: ¥1,000,000,000. Far above any benefit, and far enough
    /// below `Int.max` that the rules' sums and percentages over such amounts cannot overflow.
    public static let maximumFen = 100_000_000_000

    /// `value` when it is an amount from 0 to ``maximumFen``, else a `FieldError` naming `field`.
    @discardableResult
    public static func fen(_ value: Int, field: String) throws(FieldError) -> Int {
        guard (0...maximumFen).contains(value) else {
            throw FieldError(field: field, code: "out_of_range", message: "\(field) is an amount in fen from 0 to \(maximumFen) (¥1,000,000,000)")
        }
        return value
    }
}
