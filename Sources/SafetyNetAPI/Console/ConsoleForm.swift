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
        self.init(text: String(buffer: body))
    }

    /// Reads `text`, e.g. `kind=home&needs=medical&needs=housing`.
    init(text: String) {
        fields = text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, or nil when the form has none.
    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    private static func decode(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }
}
