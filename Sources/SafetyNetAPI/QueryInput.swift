import Foundation
import Hummingbird
import SafetyNetKernel

/// A request's query parameters, read as HTML forms write them (`+` is a space, `%XX` a byte of
/// UTF-8) and checked before a controller sees them: a value that is badly encoded, holds a
/// control character or is not one the parameter takes is a 422 naming the parameter, never a
/// crash and never a filter that silently matches nothing.
struct QueryInput: Sendable {
    private let values: [String: String]

    /// Reads the query of `request`; the first of repeated parameters counts.
    init(_ request: Request) throws(FieldError) {
        try self.init(query: request.uri.query)
    }

    /// Reads a query string as a request target carries it (after the `?`, still encoded).
    init(query: String?) throws(FieldError) {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0], field: "query")
            let value = try Self.decode(parts.count > 1 ? parts[1] : "", field: name)
            if values[name] == nil { values[name] = value }
        }
        self.values = values
    }

    private static func decode(_ text: Substring, field: String) throws(FieldError) -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw FieldError(field: field, code: "invalid_encoding", message: "\(field) is not valid percent-encoded UTF-8")
        }
        try TextRule.checkCharacters(decoded, field: field, lines: .single)
        return decoded
    }

    /// The text of `name`, when given.
    func text(_ name: String) -> String? { values[name] }

    /// `name` read by `parse`, when given.
    func value<T>(_ name: String, _ parse: (String) throws(FieldError) -> T) throws(FieldError) -> T? {
        guard let text = values[name] else { return nil }
        return try parse(text)
    }

    /// A whole number within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(FieldError) -> Int? {
        try value(name) { text throws(FieldError) in try InputParsing.integer(text, in: range, field: name) }
    }

    /// A day written YYYY-MM-DD.
    func day(_ name: String) throws(FieldError) -> CalendarDate? {
        try value(name) { text throws(FieldError) in try InputParsing.day(text, field: name) }
    }

    /// A region code.
    func region(_ name: String) throws(FieldError) -> RegionCode? {
        try value(name) { text throws(FieldError) in try InputParsing.region(text, field: name) }
    }

    /// One of the cases of `type`, e.g. a risk level.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws(FieldError) -> T? where T.RawValue == String {
        try value(name) { text throws(FieldError) in
            guard let value = T(rawValue: text) else {
                throw FieldError(field: name, code: "unknown_value", message: "\(name) is one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }

    /// One of `words`; `fallback` when not given.
    func word(_ name: String, among words: [String], fallback: String) throws(FieldError) -> String {
        guard let text = values[name] else { return fallback }
        guard words.contains(text) else {
            throw FieldError(field: name, code: "unknown_value", message: "\(name) is one of \(words.joined(separator: ", "))")
        }
        return text
    }

    /// A department module linked into this server.
    func module(_ name: String, among known: Set<ModuleID>) throws(FieldError) -> ModuleID? {
        try value(name) { text throws(FieldError) in
            guard let id = ModuleID(rawValue: text), known.contains(id) else {
                throw FieldError(field: name, code: "unknown_module",
                                 message: "\(name) is one of \(known.sorted().map(\.rawValue).joined(separator: ", "))")
            }
            return id
        }
    }

    /// An assistance type of `catalog`.
    func assistanceType(_ name: String, in catalog: AssistanceCatalog) throws(FieldError) -> AssistanceTypeID? {
        try value(name) { text throws(FieldError) in
            guard let id = AssistanceTypeID(rawValue: text), catalog.type(id) != nil else {
                throw FieldError(field: name, code: "unknown_assistance_type",
                                 message: "\(name) is an assistance type id such as civil-affairs.dibao; GET /api/v1/assistance-types lists them")
            }
            return id
        }
    }

    /// An id (UUID); `hint` says where a valid one comes from.
    func id(_ name: String, hint: String) throws(FieldError) -> UUID? {
        try value(name) { text throws(FieldError) in
            guard let id = UUID(uuidString: text) else { throw FieldError(field: name, code: "invalid_id", message: "\(name) is an id: \(hint)") }
            return id
        }
    }
}
