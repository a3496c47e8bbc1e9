import Foundation
import PostgresClient
import SafetyNetKernel

/// How much work is open across the district right now, for the server's metrics: limits past due,
/// alerts waiting for the field or a decision, referrals waiting for an answer.
public struct OpenWorkCounts: Sendable, Hashable {
    /// Limits not met and past due, by department (nil where no department is named) and kind.
    public var overdueLimits: [ModuleID?: [DeadlineKind: Int]] = [:]
    /// Alerts raised or verified, by department (nil for the registry's own rules) and level.
    public var openAlerts: [ModuleID?: [RiskLevel: Int]] = [:]
    /// Referrals sent or accepted and not answered, by the department addressed (nil for none).
    public var openReferrals: [ModuleID?: Int] = [:]
}

extension SupervisionStore {
    /// The open work at the clock's now, counted over the whole district.
    public func openWork() async throws -> OpenWorkCounts {
        let now = clock.now()
        return try await pool.report { connection in
            var counts = OpenWorkCounts()
            for row in try connection.query(
                "SELECT module_id, kind, count(*) AS n FROM deadline WHERE met_at IS NULL AND due_at < \(now) GROUP BY 1, 2")
            {
                counts.overdueLimits[try row.decode("module_id", as: ModuleID?.self), default: [:]][try row.decode("kind")] = try row.decode("n")
            }
            for row in try connection.query(
                "SELECT module_id, level, count(*) AS n FROM alert WHERE status IN ('raised', 'verified') GROUP BY 1, 2")
            {
                counts.openAlerts[try row.decode("module_id", as: ModuleID?.self), default: [:]][try row.decode("level")] = try row.decode("n")
            }
            for row in try connection.query("SELECT module_id, count(*) AS n FROM referral WHERE state IN ('sent', 'accepted') GROUP BY 1") {
                counts.openReferrals[try row.decode("module_id", as: ModuleID?.self)] = try row.decode("n")
            }
            return counts
        }
    }
}
