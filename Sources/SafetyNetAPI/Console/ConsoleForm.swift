import Foundation
import Hummingbird

/// A form a console page sent (`application/x-www-form-urlencoded`): its fields in order, a name
/// repeated for each box ticked.
struct ConsoleForm {
    private let fields: [(name: String, value: String)]

    /// The largest form a console page sends.
    static let maximumSize = 64 * 1024

    /// Reads the form `request` carries.
    init(_ request: Request) async throws {
        let body = try await request.body.collect(upTo: Self.maximumSize)
        self = try Self(text: String(buffer: body))
    }

    /// Reads `text`, e.g. `kind=home&needs=medical&needs=housing`; a value whose percent-encoding
    /// is broken refuses the form (400), as no browser sends one.
    init(text: String) throws {
        fields = try text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (try Self.decode(parts[0]), parts.count > 1 ? try Self.decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, or nil when the form has none.
    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// Each name's first value, the form token left out: what to show again in a refused form.
    var typed: [String: String] {
        Dictionary(fields.filter { $0.name != "csrf" }.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the form's `csrf` field is `expected`, compared in time that does not depend on where they differ.
    func carries(token expected: String) -> Bool {
        guard let sent = value("csrf"), !expected.isEmpty else { return false }
        let (a, b) = (Array(sent.utf8), Array(expected.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// One name or value: `+` is a space, percent escapes decoded, and a textarea's line breaks
    /// (sent as CR LF) made plain newlines, as the API's text rules expect.
    private static func decode(_ text: Substring) throws -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw APIError(.badRequest, code: "malformed_form", message: "the form's percent-encoding is broken")
        }
        return decoded.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
