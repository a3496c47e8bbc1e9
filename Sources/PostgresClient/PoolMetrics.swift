import CoreMetrics

/// What a pool reports through swift-metrics: connections open and lent out, callers waiting, and
/// checkouts that waited or gave up. Without a metrics backend bootstrapped, recording costs nothing.
struct PoolMetrics: Sendable {
    private let open = Gauge(label: "safetynet_db_pool_connections_open")
    private let inUse = Gauge(label: "safetynet_db_pool_connections_in_use")
    private let waiting = Gauge(label: "safetynet_db_pool_waiting")
    /// Checkouts that found no free connection and queued.
    let waits = Counter(label: "safetynet_db_pool_waits_total")
    /// Checkouts that gave up after the checkout timeout.
    let timeouts = Counter(label: "safetynet_db_pool_timeouts_total")

    /// Records the pool's counts after a change.
    func record(open: Int, idle: Int, waiting: Int) {
        self.open.record(open)
        inUse.record(open - idle)
        self.waiting.record(waiting)
    }
}
