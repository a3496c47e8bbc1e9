import PostgresClient
import SafetyNetKernel

/// A calendar day, bound as a `date` and read from a `date` column (or text written `YYYY-MM-DD`).
extension CalendarDate: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .date }
    public var postgresText: String? { description }
    public static func accepts(_ type: PostgresType) -> Bool { type == .date || type == .text || type == .varchar }
    public init?(postgresText text: String, type: PostgresType) { self.init(iso: text) }
}
