import Hummingbird
import Logging
import NIOCore
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
