import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle

/// A job the server runs every `interval` until shutdown: announcing visits due, sweeping
/// deadlines. Jobs keep their state in the database, so a restart repeats nothing and several
/// processes can share the work. A failed run is logged and retried at the next interval; every
/// run is counted in `safetynet_job_runs_total` under the job's id, as label `task` (Prometheus
/// keeps `job` for the scrape target).
struct RepeatingJob: Service {
    /// What the job does, for the log.
    let name: String
    let interval: Duration
    let logger: Logger
    /// One run; returns how many things it handled.
    let work: @Sendable () async throws -> Int
    private let succeeded: Counter
    private let failed: Counter

    /// A job known to metrics as `id` (a short snake_case name) and to the log as `name`.
    init(id: String, name: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Int) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
        self.succeeded = Counter(label: "safetynet_job_runs_total", dimensions: [("task", id), ("outcome", "succeeded")])
        self.failed = Counter(label: "safetynet_job_runs_total", dimensions: [("task", id), ("outcome", "failed")])
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let handled = try await work()
                    succeeded.increment()
                    if handled > 0 { logger.info("\(name)", metadata: ["count": "\(handled)"]) }
                } catch {
                    failed.increment()
                    logger.warning("\(name) failed; retrying", metadata: ["error": "\(APIError.loggable(error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
