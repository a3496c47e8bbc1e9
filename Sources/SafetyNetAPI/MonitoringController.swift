import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The monitoring ledger of one household: put on, change the risk level, take off.
struct MonitoringController {
    let registry: RegistryStore
    let monitoring: MonitoringStore

    struct Start: Codable { let categories: [MonitoringCategory]; let riskLevel: RiskLevel; let reason: String }
    struct Risk: Codable { let riskLevel: RiskLevel; let reason: String }
    struct End: Codable { let reason: String }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.post("households/{id}/monitoring", use: start)
        group.post("households/{id}/monitoring/risk", use: changeRisk)
        group.post("households/{id}/monitoring/end", use: end)
    }

    @Sendable func start(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<MonitoringView> {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .manageMonitoring)
        let body = try await StrictJSON.decode(Start.self, from: request, context: context)
        let draft = try MonitoringDraft(categories: body.categories, riskLevel: body.riskLevel, reason: body.reason)
        return EditedResponse(status: .created, response: try await monitoring.start(draft, household: household, by: principal, source: context.remoteAddress))
    }

    @Sendable func changeRisk(_ request: Request, context: SafetyNetRequestContext) async throws -> MonitoringView {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .manageMonitoring)
        let body = try await StrictJSON.decode(Risk.self, from: request, context: context)
        let change = try RiskChange(riskLevel: body.riskLevel, reason: body.reason)
        return try await monitoring.changeRisk(change, household: household, by: principal, source: context.remoteAddress)
    }

    @Sendable func end(_ request: Request, context: SafetyNetRequestContext) async throws -> HTTPResponse.Status {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .manageMonitoring)
        let body = try await StrictJSON.decode(End.self, from: request, context: context)
        try await monitoring.end(household: household, reason: body.reason, by: principal, source: context.remoteAddress)
        return .noContent
    }
}

extension MonitoringView: ResponseEncodable {}
