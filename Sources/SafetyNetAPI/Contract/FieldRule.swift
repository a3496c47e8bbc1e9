import SafetyNetKernel

/// A rule a body field follows beyond its Swift type, stated once for the document and for the
/// check of every request body against it.
enum FieldRule: Sendable {
    /// Text within a kernel limit: not blank, no control characters (tab and newline in free text).
    case text(TextLimit)
    /// An amount in fen, 0 to ``AmountRule/maximumFen``.
    case amount
    /// A whole number within bounds.
    case range(ClosedRange<Int>)
    /// A list with at least this many entries.
    case minimumItems(Int)
    /// A list with at most this many entries.
    case maximumItems(Int)
    /// A note for the reader of the document.
    case note(String)
}

extension JSONSchema.Property {
    /// The property with `rules` applied; a rule that does not fit the field's type is an error.
    func refined(by rules: [FieldRule]) throws -> Self {
        var property = self
        for rule in rules {
            if case .note(let text) = rule {
                property.description = text
                continue
            }
            guard let schema = property.schema.refined(by: rule) else {
                throw SchemaRecorder.Unrecordable(type: name, reason: "the rule \(rule) does not fit its type")
            }
            property.schema = schema
        }
        return property
    }
}

extension JSONSchema {
    /// What `TextRule` takes, as a pattern: no control characters (but tab and newline in free
    /// text) and not blank.
    static func textPattern(_ limit: TextLimit) -> String {
        let refused = limit.lines == .single ? #"\u0000-\u001F\u007F-\u009F"# : #"\u0000-\u0008\u000B-\u001F\u007F-\u009F"#
        return "^[^\(refused)]*[^\\s\(refused)][^\(refused)]*$"
    }

    /// The schema with `rule` applied, nil when it does not fit; a list's rules about entries
    /// apply to the list, the rest to its entries.
    func refined(by rule: FieldRule) -> JSONSchema? {
        switch (self, rule) {
        case (.array(let items, _, let maxItems), .minimumItems(let count)): return .array(of: items, minItems: count, maxItems: maxItems)
        case (.array(let items, let minItems, _), .maximumItems(let count)): return .array(of: items, minItems: minItems, maxItems: count)
        case (.array(let items, let minItems, let maxItems), _):
            return items.refined(by: rule).map { .array(of: $0, minItems: minItems, maxItems: maxItems) }
        case (.string(var rules), .text(let limit)):
            rules.text = limit
            return .string(rules)
        case (.integer, .amount): return .integer(minimum: 0, maximum: AmountRule.maximumFen)
        case (.integer, .range(let range)): return .integer(minimum: range.lowerBound, maximum: range.upperBound)
        default: return nil
        }
    }
}
