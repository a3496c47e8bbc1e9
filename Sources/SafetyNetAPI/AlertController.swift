import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Early warning: the alert rules the linked modules declare, with the thresholds in force, and
/// the alerts they raised, as the town, the grid and the departments see them.
struct AlertController {
    let alerts: AlertStore
    let catalog: AssistanceCatalog

    /// A level an amount must go over, with the setting and its value in force.
    struct Threshold: Codable {
        let level: RiskLevel
        let setting: String
        let valueFen: Int
    }

    struct Rule: Codable {
        let id: AlertRuleID
        let module: ModuleID
        let chineseName: String
        let meaning: String
        let feed: FeedID
        /// What makes two findings the same condition: `person`, `household` or `year`.
        let conditionScope: AlertConditionScope
        /// The level of a rule without thresholds.
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

    static let status = Query.choice("status", AlertStatus.self, "Only alerts in this state")
    static let level = Query.choice("level", RiskLevel.self, "Only alerts at this level")
    static let household = Query.id("household", hint: "a household's id")
    static let limit = Query.integer("limit", in: 1...500, "Alerts per page (100 when left out)")
    static let offset = Query.integer("offset", in: 0...100_000, "Alerts to skip (0 when left out)")

    private var ruleFilter: QueryParameter<String> {
        Query.word("rule", among: catalog.alertRules.keys.map(\.rawValue).sorted(), "Only alerts of this rule")
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
        return RuleList(settingsVersion: settings.version, items: items)
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
        let items = try await alerts.list(
            filter, rules: catalog.alertRules, limit: try query.read(Self.limit) ?? 100, offset: try query.read(Self.offset) ?? 0)
        return AlertList(items: items)
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> AlertView {
        let principal = try context.requirePrincipal()
        try principal.require(.readRegistry)
        guard let alert = try await alerts.alert(try context.pathID(), rules: catalog.alertRules),
            principal.scope.contains(alert.gridCode), principal.departmentFilter.map({ $0 == alert.module }) ?? true
        else { throw APIError.notFound("alert") }
        return alert
    }
}

extension AlertView: ResponseCodable {}
