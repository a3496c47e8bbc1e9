import Foundation
import Hummingbird
import PostgresClient
import SafetyNetStorage

/// `GET /health`: whether the server and its database are up. Open to all, so load balancers
/// and monitoring can call it; it reveals no data.
struct HealthController<Context: RequestContext>: Sendable {
    let pool: ConnectionPool
    let version: String

    struct Report: ResponseEncodable {
        let status: String
        let version: String
        let database: DatabaseHealth
    }

    func addRoutes(to router: Router<Context>) {
        router.get("health", use: health)
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> EditedResponse<Report> {
        let database = await DatabaseHealth.check(pool: pool)
        return EditedResponse(
            status: database.isUp ? .ok : .serviceUnavailable,
            response: Report(status: database.isUp ? "ok" : "unavailable", version: version, database: database))
    }
}
