import Foundation
import Logging
import ServiceLifecycle

/// A job the server runs every `interval` until shutdown: announcing visits due, sweeping
/// deadlines. Jobs keep their state in the database, so a restart repeats nothing and several
/// processes can share the work. A failed run is logged and retried at the next interval.
struct RepeatingJob: Service {
    /// What the job does, for the log.
    let name: String
    let interval: Duration
    let logger: Logger
    /// One run; returns how many things it handled.
    let work: @Sendable () async throws -> Int

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let handled = try await work()
                    if handled > 0 { logger.info("\(name)", metadata: ["count": "\(handled)"]) }
                } catch {
                    logger.warning("\(name) failed; retrying", metadata: ["error": "\(APIError.loggable(error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
