import CoreMetrics
import Hummingbird
import Logging
import NIOCore
import SafetyNetKernel
import SafetyNetStorage
import ServerMetrics

/// Prometheus's scrape endpoint, `GET /metrics`: plain HTTP on a port of its own, apart from the
/// API's TLS port, so that the monitoring network reaches it without credentials and the API's
/// port shows none of it. Bind it to an address only the monitoring network reaches.
public struct MetricsEndpoint: Sendable {
    /// The address to bind, e.g. `127.0.0.1`, or `0.0.0.0` inside a container.
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: Int
    /// What is served: everything recorded through swift-metrics in this process.
    public let export: PrometheusExport

    /// An endpoint serving `export` on `host`:`port`.
    public init(host: String, port: Int, export: PrometheusExport) {
        self.host = host
        self.port = port
        self.export = export
    }

    /// The one route.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: PrometheusExport.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: export.text())))
        }
        return router
    }

    /// The HTTP service, which logs its address once it listens.
    func application(logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "SafetyNet metrics"),
            onServerRunning: { channel in
                logger.notice("metrics are served", metadata: ["url": "http://\(host):\(channel.localAddress?.port ?? port)/metrics"])
            }, logger: logger)
    }
}

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
