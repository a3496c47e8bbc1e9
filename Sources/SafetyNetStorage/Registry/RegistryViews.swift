import Foundation
import SafetyNetKernel

/// A region and its children, as the tree endpoint returns it.
public struct RegionNode: Sendable, Codable, Hashable {
    public let code: RegionCode
    public let name: String
    public let level: RegionLevel
    public var children: [RegionNode]
}

/// A person as responses show them: ID and phone numbers masked.
public struct PersonView: Sendable, Codable, Hashable {
    public let id: UUID
    public let name: String
    public let relation: HouseholdRelation
    public let sex: ResidentIDNumber.Sex
    public let birthDate: CalendarDate
    /// e.g. `220202********1234`.
    public let idNumber: String
    /// e.g. `138****5678`.
    public let phone: String?
    public let disability: Disability?
    public let monthlyIncomeFen: Int?
    public let status: PersonStatus
}

/// A household's monitoring-ledger entry.
public struct MonitoringView: Sendable, Codable, Hashable {
    public let id: UUID
    public let categories: [MonitoringCategory]
    public let riskLevel: RiskLevel
    public let reason: String
    public let since: Date
}

/// A household with its members and its ledger entry.
public struct HouseholdView: Sendable, Codable, Hashable {
    public let id: UUID
    public let gridCode: RegionCode
    public let address: String
    public let status: HouseholdStatus
    public let monitoring: MonitoringView?
    public let members: [PersonView]
}

/// One page of a list, with the cursor of the next page (nil on the last).
public struct Page<Item: Sendable & Codable & Hashable>: Sendable, Codable, Hashable {
    public let items: [Item]
    public let nextCursor: String?
}

/// What to search households by, always within the caller's scope.
public struct HouseholdQuery: Sendable {
    /// Only households in this region (must lie in the caller's scope).
    public var region: RegionCode?
    /// A member's name, matched from its start (`张` finds 张三 and 张小明).
    public var name: String?
    /// Part of the address.
    public var address: String?
    /// A member's full ID number, matched through the blind index.
    public var idNumber: ResidentIDNumber?
    /// Only households on the ledger in this category.
    public var category: MonitoringCategory?
    /// Only households on the ledger at this risk level.
    public var riskLevel: RiskLevel?
    /// Page size, 1–200.
    public var limit: Int = 50
    /// Where the previous page ended.
    public var cursor: UUID?

    /// An empty query: every household in scope, 50 per page.
    public init() {}
}

/// A person's numbers in clear, for the roles allowed to see them.
public struct PersonIdentity: Sendable, Codable, Hashable {
    public let personID: UUID
    public let idNumber: String
    public let phone: String?
}
