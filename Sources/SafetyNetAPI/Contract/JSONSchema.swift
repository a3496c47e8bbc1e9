import Foundation
import SafetyNetKernel

/// The part of JSON Schema (as OpenAPI 3.1 uses it) the wire contract needs: written into the
/// document, and checked against request bodies and, in tests, against every answer.
indirect enum JSONSchema: Sendable, Hashable {
    /// Text, with its format (`uuid`, `date`, `date-time`), pattern, the kernel's text limit and closed set of values.
    case string(StringRules)
    /// A whole number within bounds.
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    /// Any number.
    case number
    /// `true` or `false`.
    case boolean
    /// A list of one kind of value.
    case array(of: JSONSchema, minItems: Int? = nil, maxItems: Int? = nil)
    /// An object with named properties; no others are allowed.
    case object(properties: [Property])
    /// An object whose keys are free and whose values share a schema.
    case map(of: JSONSchema)
    /// A schema kept under `components/schemas`.
    case named(String)

    /// Bounds on a string.
    struct StringRules: Sendable, Hashable {
        /// `uuid`, `date` or `date-time`.
        var format: String?
        /// A regular expression the whole text matches (anchored).
        var pattern: String?
        /// The only words taken, for a closed set.
        var values: [String]?
        /// Text the kernel checks against this limit (blank, control characters, length): the
        /// document shows it as a pattern and a maximum length.
        var text: TextLimit?
    }

    /// One property of an object.
    struct Property: Sendable, Hashable {
        /// The key in the JSON object.
        let name: String
        /// What its value is.
        var schema: JSONSchema
        /// Whether it must be present (and not null).
        var isRequired: Bool
        /// A note for the reader of the document.
        var description: String?
    }

    /// Plain text.
    static let text = JSONSchema.string(StringRules())

    /// Text in a format such as `uuid`, `date` or `date-time`.
    static func formatted(_ format: String) -> JSONSchema { .string(StringRules(format: format)) }

    /// One of `values`.
    static func oneOf(_ values: [String]) -> JSONSchema { .string(StringRules(values: values)) }

    /// Text matching `pattern` (anchored by the caller).
    static func matching(_ pattern: String) -> JSONSchema { .string(StringRules(pattern: pattern)) }
}

extension JSONSchema {
    /// The schema as a JSON object for the document.
    var json: [String: Any] {
        switch self {
        case .string(let rules):
            var node: [String: Any] = ["type": "string"]
            node["format"] = rules.format
            node["pattern"] = rules.pattern ?? rules.text.map(Self.textPattern)
            node["maxLength"] = rules.text?.maximum
            node["enum"] = rules.values
            return node
        case .integer(let minimum, let maximum):
            var node: [String: Any] = ["type": "integer"]
            node["minimum"] = minimum
            node["maximum"] = maximum
            return node
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .array(let items, let minItems, let maxItems):
            var node: [String: Any] = ["type": "array", "items": items.json]
            node["minItems"] = minItems
            node["maxItems"] = maxItems
            return node
        case .object(let properties):
            var node: [String: Any] = [
                "type": "object", "additionalProperties": false,
                "properties": Dictionary(
                    uniqueKeysWithValues: properties.map { property in
                        // A field that may be left out may also be sent as null, which counts as left out.
                        var schema = property.isRequired ? property.schema.json : ["anyOf": [property.schema.json, ["type": "null"]]]
                        schema["description"] = property.description
                        return (property.name, schema)
                    }),
            ]
            let required = properties.filter(\.isRequired).map(\.name)
            if !required.isEmpty { node["required"] = required }
            return node
        case .map(let values): return ["type": "object", "additionalProperties": values.json]
        case .named(let name): return ["$ref": "#/components/schemas/\(name)"]
        }
    }
}
