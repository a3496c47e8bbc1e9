import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Early warning: the alert rules the linked modules declare, with the thresholds in force, and
/// the alerts they raised, as the town, the grid and the departments see them.
struct AlertController {
    let alerts: AlertStore
    let catalog: AssistanceCatalog
    let modules: ModuleSwitchboard
    /// "Now", for visits that may not lie in the future.
    let clock: any WallClock

    /// A level an amount must go over, with the setting and its value in force.
    struct Threshold: Codable {
        let level: RiskLevel
        let setting: String
        let valueFen: Int
    }

    struct Rule: Codable {
        let id: AlertRuleID
        /// The department declaring it; none for the registry's own rule.
        let module: ModuleID?
        let chineseName: String
        let meaning: String
        /// The feed it reads; none for the registry's own rule.
        let feed: FeedID?
        /// What makes two findings the same condition: `person`, `household`, `year` or `visit_due`.
        let conditionScope: AlertConditionScope
        /// The level of a rule without thresholds; none when the household's risk level sets it.
        let level: RiskLevel?
        /// Most urgent first; empty for a rule raising one level.
        let thresholds: [Threshold]
    }

    struct RuleList: ResponseCodable {
        /// The settings version the thresholds are from.
        let settingsVersion: Int
        let items: [Rule]
    }

    struct AlertList: ResponseCodable { let items: [AlertView] }

    /// The look in the field: the visit made to the alert's household and what it found.
    struct Verification: Codable, WireConstrained {
        let kind: VisitKind
        let visitedAt: Date
        let findings: String
        let needs: [Need]?

        static var fieldRules: [String: [FieldRule]] { VisitController.NewVisit.fieldRules }
    }

    struct Confirmation: Codable, WireConstrained {
        let note: String
        let riskLevel: RiskLevel?
        let personID: UUID?
        let urgency: Urgency?
        let opensResponse: Bool?

        static let fieldRules: [String: [FieldRule]] = [
            "note": [.text(.remark)],
            "riskLevel": [
                .note("red, yellow or blue: the level the household is put at (the alert's when left out); a more urgent ledger level is kept")
            ],
            "personID": [.note("the member the application or referral is for, when not the one the alert names")],
            "urgency": [.note("how urgent the application opened is (normal when left out)")],
            "opensResponse": [.note("false when the household has the help already: the ledger changes, nothing is opened (true when left out)")],
        ]
    }

    struct Dismissal: Codable, WireConstrained {
        let reason: String
        static let fieldRules: [String: [FieldRule]] = ["reason": [.text(.remark)]]
    }

    static let status = Query.choice("status", AlertStatus.self, "Only alerts in this state")
    static let level = Query.choice("level", RiskLevel.self, "Only alerts at this level")
    static let household = Query.id("household", hint: "a household's id")
    static let limit = Query.integer("limit", in: 1...500, "Alerts per page (100 when left out)")
    static let offset = Query.integer("offset", in: 0...100_000, "Alerts to skip (0 when left out)")

    private var ruleFilter: QueryParameter<String> {
        Query.word("rule", among: (catalog.alertRules.keys.map(\.rawValue) + [VisitOverdueAlert.id.rawValue]).sorted(), "Only alerts of this rule")
    }

    private var moduleFilter: QueryParameter<ModuleID> {
        Query.module("module", among: Set(catalog.alertRules.keys.map(\.module)), "Only this department's alerts")
    }

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "alert-rules", "The alert rules the linked modules declare over their feeds, with the thresholds in force",
            answers: [.ok(RuleList.self, "The rules")], use: rules)
        routes.get(
            "alerts", "Alerts raised in the caller's region (an officer: its department's), most urgent first, then most recent",
            parameters: [
                Self.status.documented, Self.level.documented, ruleFilter.documented, moduleFilter.documented, Self.household.documented,
                Self.limit.documented, Self.offset.documented,
            ],
            answers: [.ok(AlertList.self, "A page of alerts")], refusals: [.forbidden], use: list)
        routes.get("alerts/{id}", "One alert", answers: [.ok(AlertView.self, "The alert")], refusals: [.forbidden], use: read)
        let step: [HTTPResponse.Status] = [.forbidden, .conflict, .unprocessableContent]
        let alert = APIOperation.Answer.ok(AlertView.self, "The alert as it is now")
        routes.post(
            "alerts/{id}/verification", "Record the look in the field (入户核实): a visit to the household and what it found",
            body: Verification.self, answers: [alert], refusals: step, use: verify)
        routes.post(
            "alerts/{id}/confirmation",
            "Confirm a verified alert: the household goes on the ledger (or its categories and risk level rise) and the application or referral the rule calls for is opened",
            body: Confirmation.self, answers: [alert], refusals: step, use: confirm)
        routes.post(
            "alerts/{id}/dismissal", "Dismiss a verified alert with the reason", body: Dismissal.self, answers: [alert], refusals: step,
            use: dismiss)
    }

    @Sendable func rules(_ request: Request, context: SafetyNetRequestContext) async throws -> RuleList {
        _ = try context.requirePrincipal()
        let settings = catalog.settingsBoard.current
        let items = catalog.alertRules.values.sorted { $0.id < $1.id }.map { rule in
            Rule(
                id: rule.id, module: rule.id.module, chineseName: rule.chineseName, meaning: rule.meaning, feed: rule.feed,
                conditionScope: rule.measure.conditionScope, level: rule.measure.thresholds.isEmpty ? rule.measure.levels.first : nil,
                thresholds: rule.measure.thresholds.map {
                    Threshold(level: $0.level, setting: $0.parameter.key, valueFen: settings.values.value($0.parameter))
                })
        }
        let registry = Rule(
            id: VisitOverdueAlert.id, module: nil, chineseName: VisitOverdueAlert.chineseName, meaning: VisitOverdueAlert.meaning, feed: nil,
            conditionScope: .visitDue, level: nil, thresholds: [])
        return RuleList(settingsVersion: settings.version, items: items + [registry])
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> AlertList {
        let principal = try context.requirePrincipal()
        try principal.require(.readRegistry)
        let query = try QueryInput(request)
        var filter = AlertFilter(scope: principal.scope)
        filter.module = try principal.departmentFilter ?? query.read(moduleFilter)
        filter.status = try query.read(Self.status)
        filter.level = try query.read(Self.level)
        filter.rule = try query.read(ruleFilter).flatMap(AlertRuleID.init(rawValue:))
        filter.household = try query.read(Self.household)
        let items = try await alerts.list(filter, limit: try query.read(Self.limit) ?? 100, offset: try query.read(Self.offset) ?? 0)
        return AlertList(items: items)
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> AlertView {
        let principal = try context.requirePrincipal()
        return try await visible(try context.pathID(), to: principal)
    }

    @Sendable func verify(_ request: Request, context: SafetyNetRequestContext) async throws -> AlertView {
        let principal = try context.requirePrincipal()
        let alert = try await workable(try context.pathID(), by: principal, .recordVisit)
        let body = try await StrictJSON.decode(Verification.self, from: request, context: context)
        let visit = try VisitDraft(
            householdID: alert.householdID, kind: body.kind, visitedAt: body.visitedAt, findings: body.findings, needs: body.needs ?? [],
            now: clock.now())
        return try await verify(alert, visit: visit, by: principal)
    }

    /// Records `visit` as the look in the field at `alert`, for the API and the console alike.
    func verify(_ alert: AlertView, visit: VisitDraft, by principal: Principal) async throws -> AlertView {
        try await alerts.verify(alert.id, visit: visit, by: principal) { try principal.require(.recordVisit, in: $0.gridCode) }
    }

    @Sendable func confirm(_ request: Request, context: SafetyNetRequestContext) async throws -> AlertView {
        let principal = try context.requirePrincipal()
        let alert = try await workable(try context.pathID(), by: principal, .manageMonitoring)
        let body = try await StrictJSON.decode(Confirmation.self, from: request, context: context)
        let draft = try AlertConfirmationDraft(
            note: body.note, riskLevel: body.riskLevel, personID: body.personID, urgency: body.urgency ?? .normal,
            opensResponse: body.opensResponse ?? true)
        let permission: Permission?
        switch draft.opensResponse ? catalog.alertRules[alert.rule]?.response.opens : nil {
        case .application(let type, _):
            try modules.require(type.module)
            permission = .applyForAssistance
        case .referral(_, let module):
            if let module { try modules.require(module) }  // an unnamed one is routed to a department that is on
            permission = .sendReferrals
        case nil:
            permission = nil
        }
        return try await alerts.confirm(
            alert.id, draft, by: principal, authorize: { try principal.require(.manageMonitoring, in: $0.gridCode) },
            authorizeOpening: { grid in try permission.map { try principal.require($0, in: grid) } })
    }

    @Sendable func dismiss(_ request: Request, context: SafetyNetRequestContext) async throws -> AlertView {
        let principal = try context.requirePrincipal()
        let alert = try await workable(try context.pathID(), by: principal, .manageMonitoring)
        let body = try await StrictJSON.decode(Dismissal.self, from: request, context: context)
        return try await alerts.dismiss(alert.id, reason: body.reason, by: principal) { try principal.require(.manageMonitoring, in: $0.gridCode) }
    }

    /// The alert, when the caller may take a step needing `permission` on it, and its department's module is on.
    func workable(_ id: UUID, by principal: Principal, _ permission: Permission) async throws -> AlertView {
        let alert = try await visible(id, to: principal)
        try principal.require(permission, in: alert.gridCode)
        if let module = alert.module { try modules.require(module) }
        return alert
    }

    /// The alert, when the caller may read it: in their region and, for an officer, their department's.
    func visible(_ id: UUID, to principal: Principal) async throws -> AlertView {
        try principal.require(.readRegistry)
        guard let alert = try await alerts.alert(id), principal.scope.contains(alert.gridCode),
            principal.departmentFilter.map({ $0 == alert.module }) ?? true
        else { throw APIError.notFound("alert") }
        return alert
    }
}

extension AlertView: ResponseCodable {}
