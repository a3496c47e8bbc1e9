import CoreMetrics
import Prometheus

/// The server's metrics in Prometheus's text format. ``factory`` is the swift-metrics backend:
/// bootstrap it once at start, and every counter, gauge and timer recorded anywhere in the process
/// appears in ``text()``, named and described by ``MetricCatalog``.
public struct PrometheusExport: Sendable {
    private let registry = PrometheusCollectorRegistry()

    /// An empty export.
    public init() {}

    /// The backend to pass to `MetricsSystem.bootstrap`.
    public var factory: some MetricsFactory { DescribedMetricsFactory(registry: registry) }

    /// The exposition text, version 0.0.4, of everything recorded so far.
    public func text() -> [UInt8] { registry.emitToBuffer() }

    /// The content type of ``text()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}

/// Hands out Prometheus collectors named and described by ``MetricCatalog``.
struct DescribedMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry

    /// Request and query times: fine below 100 ms, where the p99 alert sits, coarse above.
    static let durationBuckets: [Duration] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000].map {
        .microseconds(Int64($0 * 1_000))
    }
    static let valueBuckets: [Double] = [1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 100_000]

    private func described(_ label: String, _ dimensions: [(String, String)]) -> (MetricNameDescriptor, [(String, String)]) {
        (MetricNameDescriptor(metricName: label, unitName: "", helpText: MetricCatalog.helpText(label)), dimensions)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let (descriptor, labels) = described(label, dimensions)
        return registry.makeCounter(descriptor: descriptor, labels: labels)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        let (descriptor, labels) = described(label, dimensions)
        return registry.makeCounter(descriptor: descriptor, labels: labels)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let (descriptor, labels) = described(label, dimensions)
        guard aggregate else { return registry.makeGauge(descriptor: descriptor, labels: labels) }
        return registry.makeValueHistogram(descriptor: descriptor, labels: labels, buckets: Self.valueBuckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        let (descriptor, labels) = described(label, dimensions)
        return registry.makeGauge(descriptor: descriptor, labels: labels)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let (descriptor, labels) = described(label, dimensions)
        return registry.makeDurationHistogram(descriptor: descriptor, labels: labels, buckets: Self.durationBuckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? Prometheus.ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? Prometheus.DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
