import Foundation
import Logging
import SafetyNetStorage
import ServiceLifecycle

/// Runs inside the server: every `interval` it announces visits falling due within a day, so
/// grid workers' phones hear of them through the push channel. What was announced is kept in the
/// database, so a restart repeats nothing and several processes share the work.
struct VisitDueAnnouncer: Service {
    let visits: VisitStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let announced = try await visits.announceDue(now: Date())
                    if announced > 0 { logger.info("announced visits due", metadata: ["households": "\(announced)"]) }
                } catch {
                    logger.warning("could not announce visits due; retrying", metadata: ["error": "\(APIError.loggable(error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
