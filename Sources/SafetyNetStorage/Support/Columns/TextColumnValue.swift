import PostgresClient
import SafetyNetKernel

/// A kernel value kept in a text column and read back through its own validation, so a row
/// holding text the kernel would refuse is a decoding error naming the column, not a crash.
public protocol TextColumnValue: RawRepresentable, PostgresDecodable where RawValue == String {}

extension TextColumnValue {
    public static func accepts(_ type: PostgresType) -> Bool { String.accepts(type) }
    public init?(postgresText text: String, type: PostgresType) { self.init(rawValue: text) }
}

extension ModuleID: TextColumnValue {}
extension AssistanceTypeID: TextColumnValue {}
