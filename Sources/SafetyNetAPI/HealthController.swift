import Foundation
import Hummingbird
import PostgresClient
import SafetyNetStorage

/// `GET /health`: whether the server and its database are up. Open to all, so load balancers
/// and monitoring can call it; it says up or down and nothing more (no versions, no pool counts,
/// no connection errors, which go to the log).
struct HealthController<Context: RequestContext>: Sendable {
    let pool: ConnectionPool

    struct Report: ResponseEncodable {
        /// `ok` or `unavailable`.
        let status: String
        /// `up` or `down`.
        let database: String
    }

    func addRoutes(to router: Router<Context>) {
        router.get("health", use: health)
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> EditedResponse<Report> {
        let database = await DatabaseHealth.check(pool: pool)
        if let failure = database.failure { context.logger.warning("health check: the database is down", metadata: ["error": "\(failure)"]) }
        return EditedResponse(
            status: database.isUp ? .ok : .serviceUnavailable,
            response: Report(status: database.isUp ? "ok" : "unavailable", database: database.isUp ? "up" : "down"))
    }
}
