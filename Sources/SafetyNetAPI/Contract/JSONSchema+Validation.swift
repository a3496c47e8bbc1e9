import Foundation
import SafetyNetKernel
import Synchronization

extension JSONSchema {
    /// The first way `value` (as `JSONSerialization` reads it) breaks the schema, as an error
    /// naming the field; nil when it conforms. `components` resolves named schemas.
    func problem(in value: Any, at path: String = "", components: [String: JSONSchema]) -> FieldError? {
        let subject = path.isEmpty ? "the body" : path
        func refuse(_ code: String, _ message: String) -> FieldError { FieldError(field: path, code: code, message: "\(subject) \(message)") }
        switch self {
        case .named(let name):
            guard let schema = components[name] else { return refuse("undocumented", "has no schema \(name) in the document") }
            return schema.problem(in: value, at: path, components: components)
        case .string(let rules):
            guard let text = value as? String else { return refuse("wrong_type", "must be a string") }
            return rules.problem(in: text, field: path, refuse: refuse)
        case .integer(let minimum, let maximum):
            guard let number = value as? NSNumber, !Self.isBoolean(number), let integer = Int(exactly: number.doubleValue) else {
                return refuse("wrong_type", "must be a whole number")
            }
            if let minimum, integer < minimum { return refuse("out_of_range", "is at least \(minimum)") }
            if let maximum, integer > maximum { return refuse("out_of_range", "is at most \(maximum)") }
            return nil
        case .number:
            guard let number = value as? NSNumber, !Self.isBoolean(number) else { return refuse("wrong_type", "must be a number") }
            return nil
        case .boolean:
            guard let flag = value as? NSNumber, Self.isBoolean(flag) else { return refuse("wrong_type", "must be true or false") }
            return nil
        case .array(let items, let minItems, let maxItems):
            guard let array = value as? [Any] else { return refuse("wrong_type", "must be an array") }
            if let minItems, array.count < minItems { return refuse("too_few", "holds at least \(minItems) entries") }
            if let maxItems, array.count > maxItems { return refuse("too_many", "holds at most \(maxItems) entries") }
            return array.enumerated().lazy.compactMap { items.problem(in: $1, at: "\(path)[\($0)]", components: components) }.first
        case .map(let values):
            guard let object = value as? [String: Any] else { return refuse("wrong_type", "must be an object") }
            return object.sorted { $0.key < $1.key }.lazy.compactMap {
                values.problem(in: $1, at: FieldError.path($0, under: path), components: components)
            }.first
        case .object(let properties):
            guard let object = value as? [String: Any] else { return refuse("wrong_type", "must be an object") }
            return Self.problem(in: object, properties: properties, at: path, components: components)
        }
    }

    private static func problem(in object: [String: Any], properties: [Property], at path: String, components: [String: JSONSchema]) -> FieldError? {
        let known = Set(properties.map(\.name))
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            let field = FieldError.path(unknown, under: path)
            return FieldError(field: field, code: "unknown_field", message: "\(field) is not a field of this object")
        }
        for property in properties {
            let field = FieldError.path(property.name, under: path)
            guard let value = object[property.name], !(value is NSNull) else {
                if property.isRequired { return FieldError(field: field, code: "missing_field", message: "\(field) is required") }
                continue
            }
            if let problem = property.schema.problem(in: value, at: field, components: components) { return problem }
        }
        return nil
    }

    /// `JSONSerialization` reads `true` and `false` as NSNumbers of C type `char`, numbers never.
    private static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}

extension JSONSchema.StringRules {
    /// How `text` breaks these rules, through `refuse(code, message)`.
    func problem(in text: String, field: String, refuse: (String, String) -> FieldError) -> FieldError? {
        if let limit = self.text {
            do { _ = try TextRule.required(text, field: field, limit: limit) } catch { return error }
        }
        if let values, !values.contains(text) { return refuse("unknown_value", "is one of \(values.joined(separator: ", "))") }
        if let pattern, !Self.matches(pattern: pattern, text) {
            return refuse("invalid_format", "does not have the documented form (\(pattern))")
        }
        if let format, !Self.matches(format: format, text) { return refuse("invalid_format", "is not a \(format)") }
        return nil
    }

    /// The patterns compiled so far: a handful, one per type that states one.
    private static let compiled = Mutex<[String: NSRegularExpression]>([:])

    private static func matches(pattern: String, _ text: String) -> Bool {
        let expression = compiled.withLock { cache -> NSRegularExpression? in
            if let known = cache[pattern] { return known }
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
            cache[pattern] = expression
            return expression
        }
        // The patterns are the document's own: one that does not compile is caught by the tests.
        guard let expression else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func matches(format: String, _ text: String) -> Bool {
        switch format {
        case "uuid": UUID(uuidString: text) != nil
        case "date": CalendarDate(iso: text) != nil
        case "date-time": StrictJSON.instant(text) != nil
        default: true
        }
    }
}
