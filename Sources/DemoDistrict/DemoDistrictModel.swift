import Foundation
import SafetyNetKernel

/// A region of the demo district.
public struct DemoRegion: Sendable, Hashable {
    /// Its code; the level and parent follow from it.
    public let code: RegionCode
    /// Its Chinese name.
    public let name: String
}

/// A person of the demo district, with a valid ID number matching birth date and sex.
public struct DemoPerson: Sendable, Hashable {
    public let id: UUID
    public let name: String
    public let relation: HouseholdRelation
    public let idNumber: ResidentIDNumber
    /// An 11-digit mobile number, for about half the adults.
    public let phone: String?
    /// Grade 1–4 (1–2 severe) and category, for the few with a disability certificate.
    public let disability: (grade: Int, category: String)?
    /// Monthly income in fen (wages, pension or nothing).
    public let monthlyIncomeFen: Int

    public static func == (lhs: DemoPerson, rhs: DemoPerson) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A monitoring-ledger entry of the demo district.
public struct DemoMonitoring: Sendable, Hashable {
    public let id: UUID
    public let categories: [MonitoringCategory]
    public let riskLevel: RiskLevel
    public let reason: String
    /// How long before loading the household went on the ledger.
    public let startedDaysAgo: Int
    /// How long before loading it was last visited; nil when never (imported as earlier ledger visits).
    public let lastVisitDaysAgo: Int?
}

/// A household of the demo district.
public struct DemoHousehold: Sendable, Hashable {
    public let id: UUID
    public let grid: RegionCode
    public let address: String
    /// The members, the head first.
    public let members: [DemoPerson]
    /// Its ledger entry when it is monitored.
    public let monitoring: DemoMonitoring?
}

/// A whole demo district.
public struct DemoDistrictData: Sendable {
    /// The district, its towns, villages and grids, parents before children.
    public let regions: [DemoRegion]
    /// Every household.
    public let households: [DemoHousehold]
    /// The number of persons across all households.
    public var personCount: Int { households.reduce(0) { $0 + $1.members.count } }
    /// The number of households on the monitoring ledger.
    public var monitoredCount: Int { households.count { $0.monitoring != nil } }
}
