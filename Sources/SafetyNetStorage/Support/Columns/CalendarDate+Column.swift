import PostgresClient
import SafetyNetKernel

/// A `date` column (or text written `YYYY-MM-DD`) read as a calendar day.
extension CalendarDate: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool { type == .date || type == .text || type == .varchar }
    public init?(postgresText text: String, type: PostgresType) { self.init(iso: text) }
}
