import Foundation
import SafetyNetKernel

/// A query parameter as the document shows it.
struct DocumentedParameter: Sendable {
    /// The parameter's name in the query string.
    let name: String
    /// What its value is.
    let schema: JSONSchema
    /// What it does, and its default.
    let description: String
}

/// A query parameter read by a controller: its name, schema and parser declared together, so
/// the document shows exactly what the code reads.
struct QueryParameter<Value: Sendable>: Sendable {
    /// The parameter's name in the query string.
    let name: String
    /// What the document says its value is.
    let schema: JSONSchema
    /// What it does, and its default.
    let description: String
    /// Reads the value from the decoded text; a `FieldError` naming the parameter when it is not one.
    let parse: @Sendable (String) throws(FieldError) -> Value

    /// How the document shows it.
    var documented: DocumentedParameter { DocumentedParameter(name: name, schema: schema, description: description) }
}

/// The kinds of query parameter the routes read, each with the schema the document gives it.
enum Query {
    /// Free text, one line.
    static func text(_ name: String, _ description: String) -> QueryParameter<String> {
        QueryParameter<String>(name: name, schema: .text, description: description) { $0 }
    }

    /// A whole number within `range`.
    static func integer(_ name: String, in range: ClosedRange<Int>, _ description: String) -> QueryParameter<Int> {
        QueryParameter<Int>(name: name, schema: .integer(minimum: range.lowerBound, maximum: range.upperBound), description: description) {
            text throws(FieldError) in try InputParsing.integer(text, in: range, field: name)
        }
    }

    /// `true` or `false`.
    static func flag(_ name: String, _ description: String) -> QueryParameter<Bool> {
        words(name, ["true", "false"], description) { $0 == "true" }
    }

    /// A day written YYYY-MM-DD.
    static func day(_ name: String, _ description: String) -> QueryParameter<CalendarDate> {
        QueryParameter<CalendarDate>(name: name, schema: CalendarDate.wireSchema, description: description) {
            text throws(FieldError) in try InputParsing.day(text, field: name)
        }
    }

    /// A region code.
    static func region(_ name: String, _ description: String) -> QueryParameter<RegionCode> {
        QueryParameter<RegionCode>(name: name, schema: RegionCode.wireSchema, description: description) {
            text throws(FieldError) in try InputParsing.region(text, field: name)
        }
    }

    /// A full ID number, checked like a registered one.
    static func idNumber(_ name: String, _ description: String) -> QueryParameter<ResidentIDNumber> {
        QueryParameter<ResidentIDNumber>(name: name, schema: .text, description: description) {
            // A search, not a registration: any valid number is looked up, and one born after today finds nobody.
            text throws(FieldError) in try InputParsing.idNumber(text, field: name, today: CalendarDate.distantFuture)
        }
    }

    /// An id (UUID); `hint` says where a valid one comes from.
    static func id(_ name: String, hint: String) -> QueryParameter<UUID> {
        QueryParameter<UUID>(name: name, schema: .formatted("uuid"), description: hint) { text throws(FieldError) in
            guard let id = UUID(uuidString: text) else { throw FieldError(field: name, code: "invalid_id", message: "\(name) is an id: \(hint)") }
            return id
        }
    }

    /// One of the cases of `type`, e.g. a risk level.
    static func choice<T: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ type: T.Type, _ description: String) -> QueryParameter<T>
    where T.RawValue == String {
        words(name, T.allCases.map(\.rawValue), description) { T(rawValue: $0) }
    }

    /// One of `words`.
    static func word(_ name: String, among words: [String], _ description: String) -> QueryParameter<String> {
        Query.words(name, words, description) { words.contains($0) ? $0 : nil }
    }

    /// A department module linked into this server.
    static func module(_ name: String, among known: Set<ModuleID>, _ description: String) -> QueryParameter<ModuleID> {
        words(name, known.sorted().map(\.rawValue), description, code: "unknown_module") { ModuleID(rawValue: $0) }
    }

    /// An assistance type of `catalog`.
    static func assistanceType(_ name: String, in catalog: AssistanceCatalog, _ description: String) -> QueryParameter<AssistanceTypeID> {
        words(name, catalog.types.keys.map(\.rawValue).sorted(), description, code: "unknown_assistance_type") { AssistanceTypeID(rawValue: $0) }
    }

    private static func words<T: Sendable>(
        _ name: String, _ words: [String], _ description: String, code: String = "unknown_value", _ read: @escaping @Sendable (String) -> T?
    ) -> QueryParameter<T> {
        QueryParameter<T>(name: name, schema: .oneOf(words), description: description) { text throws(FieldError) in
            guard words.contains(text), let value = read(text) else {
                throw FieldError(field: name, code: code, message: "\(name) is one of \(words.joined(separator: ", "))")
            }
            return value
        }
    }
}
