extension FieldError {
    /// A coding path as a request field: `members[2].idNumber`.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { path, key in
            if let index = key.intValue { return "\(path)[\(index)]" }
            return Self.path(key.stringValue, under: path)
        }
    }

    /// The path of field `key` inside the object at `parent` (`members[2]` and `name` give
    /// `members[2].name`; a top-level field is its own path).
    public static func path(_ key: String, under parent: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// An error for the value `decoder` is reading, at its field path.
    public init(decoding decoder: any Decoder, code: String, message: (String) -> String) {
        let field = Self.path(decoder.codingPath)
        self.init(field: field, code: code, message: message(field.isEmpty ? "the value" : field))
    }
}

/// Every closed set of words in the kernel (risk levels, needs, relations …) decodes through
/// this: an unknown word is refused naming the field and the words it takes, instead of the
/// decoder's own text.
extension RawRepresentable where Self: CaseIterable & Decodable, RawValue == String {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw FieldError(decoding: decoder, code: "unknown_value") { field in
                "\(field) is one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))"
            }
        }
        self = value
    }
}
