import FeedIntake
import PostgresClient
import SafetyNetKernel

/// A kernel value kept in a text column: bound as its text, and read back through its own
/// validation, so a row holding text the kernel would refuse is a decoding error naming the
/// column, not a crash.
public protocol TextColumnValue: RawRepresentable, PostgresEncodable, PostgresDecodable where RawValue == String {}

extension TextColumnValue {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String? { rawValue }
    public static func accepts(_ type: PostgresType) -> Bool { String.accepts(type) }
    public init?(postgresText text: String, type: PostgresType) { self.init(rawValue: text) }
}

extension ModuleID: TextColumnValue {}
extension AssistanceTypeID: TextColumnValue {}
extension Role: TextColumnValue {}
extension DisabilityCategory: TextColumnValue {}
extension CredentialKind: TextColumnValue {}
extension Need: TextColumnValue {}
extension MonitoringCategory: TextColumnValue {}
extension VisitKind: TextColumnValue {}
extension RiskLevel: TextColumnValue {}
extension HouseholdStatus: TextColumnValue {}
extension PersonStatus: TextColumnValue {}
extension HouseholdRelation: TextColumnValue {}
extension ClosureReason: TextColumnValue {}
extension ResidentIDNumber.Sex: TextColumnValue {}
extension Urgency: TextColumnValue {}
extension BenefitPeriod: TextColumnValue {}
extension CaseItemState: TextColumnValue {}
extension DeadlineKind: TextColumnValue {}
extension DeadlineOutcome: TextColumnValue {}
extension HandlingLevel: TextColumnValue {}
extension ReferralOrigin: TextColumnValue {}
extension ReferralState: TextColumnValue {}
extension OpenWork.Kind: TextColumnValue {}
extension FeedID: TextColumnValue {}
extension FeedFormat: TextColumnValue {}
extension FeedEncoding: TextColumnValue {}
extension FeedBatchStatus: TextColumnValue {}
extension AlertRuleID: TextColumnValue {}
extension AlertStatus: TextColumnValue {}
extension ComparisonStatus: TextColumnValue {}

/// A region code kept in a text column, bound as its digits and validated when read.
extension RegionCode: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String? { value }
    public static func accepts(_ type: PostgresType) -> Bool { String.accepts(type) }
    public init?(postgresText text: String, type: PostgresType) { try? self.init(text) }
}
