import Foundation
import Hummingbird
import PostgresClient
import SafetyNetStorage

/// `GET /health`: whether the server and its database are up. Open to all, so load balancers
/// and monitoring can call it; it says up or down and nothing more (no versions, no pool counts,
/// no connection errors, which go to the log).
struct HealthController: Sendable {
    let database: DatabaseProbe

    struct Health: ResponseCodable {
        enum Status: String, Codable, CaseIterable { case ok, unavailable }
        enum Database: String, Codable, CaseIterable { case up, down }
        let status: Status
        let database: Database
    }

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "health", "Server and database health",
            answers: [
                .ok(Health.self, "Up"),
                APIOperation.Answer(status: .serviceUnavailable, body: Health.self, description: "The database is unreachable"),
            ], use: health)
    }

    @Sendable func health(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<Health> {
        let database = await database.check()
        if let failure = database.failure { context.logger.warning("health check: the database is down", metadata: ["error": "\(failure)"]) }
        return EditedResponse(
            status: database.isUp ? .ok : .serviceUnavailable,
            response: Health(status: database.isUp ? .ok : .unavailable, database: database.isUp ? .up : .down))
    }
}
