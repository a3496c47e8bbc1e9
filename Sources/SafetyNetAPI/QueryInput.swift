import Foundation
import Hummingbird
import SafetyNetKernel

/// A request's query parameters, read as HTML forms write them (`+` is a space, `%XX` a byte of
/// UTF-8) and checked before a controller sees them: a value that is badly encoded, holds a
/// control character or is not one the parameter takes is a 422 naming the parameter, never a
/// crash and never a filter that silently matches nothing.
struct QueryInput: Sendable {
    private let values: [String: String]

    /// Reads the query of `request`; the first of repeated parameters counts. `form` reads it as a
    /// page's search form sends it, every field even when left empty: an empty one is not given.
    init(_ request: Request, form: Bool = false) throws(FieldError) {
        try self.init(query: request.uri.query, form: form)
    }

    /// Reads a query string as a request target carries it (after the `?`, still encoded).
    init(query: String?, form: Bool = false) throws(FieldError) {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0], field: "query")
            let value = try Self.decode(parts.count > 1 ? parts[1] : "", field: name)
            if values[name] == nil, !(form && value.isEmpty) { values[name] = value }
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

    /// The value of `parameter`, when given.
    func read<Value>(_ parameter: QueryParameter<Value>) throws(FieldError) -> Value? {
        guard let text = values[parameter.name] else { return nil }
        return try parameter.parse(text)
    }
}
