import CoreMetrics
import SafetyNetKernel
import SafetyNetStorage

/// Sets the gauges of open work from a count: every department with every kind of limit or
/// alert level, zeros included, so that work done shows as 0 rather than as its last count.
struct OpenWorkGauges: Sendable {
    /// The linked departments.
    let modules: [ModuleID]

    func record(_ counts: OpenWorkCounts) {
        for module in modules.map(Optional.some) + [nil] {
            let department = ("department", module?.rawValue ?? "none")
            for kind in DeadlineKind.allCases {
                Gauge(label: "safetynet_overdue_limits", dimensions: [department, ("kind", kind.rawValue)])
                    .record(counts.overdueLimits[module]?[kind] ?? 0)
            }
            Gauge(label: "safetynet_open_referrals", dimensions: [department]).record(counts.openReferrals[module] ?? 0)
            for level in RiskLevel.allCases where level != .green {
                Gauge(label: "safetynet_open_alerts", dimensions: [department, ("level", level.rawValue)])
                    .record(counts.openAlerts[module]?[level] ?? 0)
            }
        }
    }
}
