import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The monitoring ledger of one household: put on, change the risk level, take off.
struct MonitoringController {
    let registry: RegistryStore
    let monitoring: MonitoringStore

    struct Start: Codable, WireConstrained {
        let categories: [MonitoringCategory]
        let riskLevel: RiskLevel
        let reason: String
        static let fieldRules: [String: [FieldRule]] = ["categories": [.minimumItems(1)], "reason": [.text(.remark)]]
    }

    struct Risk: Codable, WireConstrained {
        let riskLevel: RiskLevel
        let reason: String
        static let fieldRules: [String: [FieldRule]] = ["reason": [.text(.remark)]]
    }

    struct End: Codable, WireConstrained {
        let reason: String
        static let fieldRules: [String: [FieldRule]] = ["reason": [.text(.remark)]]
    }

    func addRoutes(to routes: DocumentedRoutes) {
        routes.post(
            "households/{id}/monitoring", "Put on the monitoring ledger", body: Start.self,
            answers: [.created(MonitoringView.self, "The ledger entry")], refusals: [.forbidden], use: start)
        routes.post(
            "households/{id}/monitoring/risk", "Change the risk level, with a reason", body: Risk.self,
            answers: [.ok(MonitoringView.self, "The ledger entry")], refusals: [.forbidden], use: changeRisk)
        routes.post(
            "households/{id}/monitoring/end", "Take off the ledger, with a reason", body: End.self,
            answers: [.noContent("Ended")], refusals: [.forbidden], use: end)
    }

    @Sendable func start(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<MonitoringView> {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .manageMonitoring)
        let body = try await StrictJSON.decode(Start.self, from: request, context: context)
        let draft = try MonitoringDraft(categories: body.categories, riskLevel: body.riskLevel, reason: body.reason)
        return EditedResponse(
            status: .created, response: try await monitoring.start(draft, household: household, by: principal, source: context.remoteAddress))
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

extension MonitoringView: ResponseCodable {}
