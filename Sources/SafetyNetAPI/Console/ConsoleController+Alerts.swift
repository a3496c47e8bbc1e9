import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// An alert's page and its look in the field (入户核实), through the API's own checks.
extension ConsoleController {
    var alertSteps: AlertController {
        AlertController(alerts: services.alerts, catalog: services.catalog, modules: services.modules, clock: services.clock)
    }

    @Sendable func alert(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let notice = request.uri.queryParameters.get("verified") != nil ? "已入户核实，等待乡镇确认或排除。" : nil
            return try await alertPage(request, context, form: nil, notice: notice)
        }
    }

    @Sendable func verifyAlert(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            let alert = try await alertSteps.workable(try context.pathID(), by: principal, .recordVisit)
            do {
                let visit = try Self.visitDraft(form, household: alert.householdID, now: services.clock.now())
                _ = try await alertSteps.verify(alert, visit: visit, by: principal)
                return .seeOther("/alerts/\(alert.id.uuidString)?verified")
            } catch let problem as FieldError {
                return try await alertPage(request, context, form: Self.visitForm(form, problem: problem), notice: nil).refusingForm()
            }
        }
    }

    private func alertPage(_ request: Request, _ context: SafetyNetRequestContext, form: HouseholdPage.VisitForm?, notice: String?) async throws
        -> Response
    {
        let principal = try context.requirePrincipal()
        let alert = try await alertSteps.visible(try context.pathID(), to: principal)
        let feed = services.catalog.alertRules[alert.rule].flatMap { services.catalog.feeds[$0.feed] }
        let page = AlertPage(
            frame: try frame(alert.ruleName, request, context, notice: notice), alert: alert, feed: feed,
            canVerify: principal.may(.recordVisit, in: alert.gridCode), form: form, now: services.clock.now())
        return html(renderer.render(page))
    }
}
