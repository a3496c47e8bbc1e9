/// An assistance type's stable id: the owning module's id, a dot, and a name, e.g. `civil-affairs.dibao`.
public struct AssistanceTypeID: ModuleQualifiedID {
    /// The id's text.
    public let rawValue: String

    public init(checkedRawValue: String) { rawValue = checkedRawValue }
    public static let kind = "an assistance type"
    public static let invalidCode = "invalid_assistance_type"
    public static let hint = "civil-affairs.dibao; GET /api/v1/assistance-types lists them"
}

/// Whom an assistance type is granted to.
public enum AssistanceSubject: String, Sendable, Codable, CaseIterable {
    /// The whole household (e.g. 低保, 临时救助).
    case household
    /// One member (e.g. 特困供养, 医疗救助, 两项补贴).
    case person
}

/// The lowest level that may approve a type. A town without that authority reviews the case and
/// forwards it to the district department (002: 审批权限没有下放的, 转交县级).
public enum DecisionLevel: String, Sendable, Codable, CaseIterable {
    /// The town or street (乡镇街道) approves.
    case town
    /// The district department approves.
    case district
}

/// An assistance type a department module offers: who may get it, how much, and on which papers.
///
/// A type is a value the module registers at start-up. Its rules read only the facts and the
/// district's settings they are given, so the same rules run in tests, in the API and in the demo.
public protocol AssistanceType: Sendable {
    /// The stable id; its module part is the module that registers it.
    var id: AssistanceTypeID { get }
    /// The Chinese name, e.g. 最低生活保障.
    var chineseName: String { get }
    /// The English name.
    var englishName: String { get }
    /// Whether it is granted to a household or to one member.
    var subject: AssistanceSubject { get }
    /// The lowest level that may approve it.
    var decisionLevel: DecisionLevel { get }
    /// Whether emergency (急难, 24 hours) and critical (2 hours) relief may be paid before review.
    var allowsUrgentRelief: Bool { get }
    /// The funding line payments are booked against, e.g. 城乡低保资金.
    var fundingLine: String { get }
    /// The papers a complete application holds.
    var requiredDocuments: [String] { get }
    /// The district settings the rules read, with their defaults.
    var parameters: [AssistanceParameter] { get }
    /// Whether it is a standing benefit, paid month after month (低保, 特困, the two disability
    /// subsidies), whose households the half-yearly full comparison (全量比对) checks again.
    var isStandingBenefit: Bool { get }
    /// Decides eligibility and computes the benefit from `input` under `settings`.
    func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment
}

extension AssistanceType {
    /// Most types are decided in the normal way; only relief types opt into urgent payment.
    public var allowsUrgentRelief: Bool { false }
    /// Most types are granted once; standing benefits opt in to the full comparison.
    public var isStandingBenefit: Bool { false }
}
