import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The district's settings (standards, thresholds, time limits) that the admin changes while the
/// server runs: every change is a new version, in force at once, and the versions are kept.
struct SettingsController {
    let settings: SettingsStore
    let catalog: AssistanceCatalog
    let clock: any WallClock

    /// One setting: its value in force, its default, what it counts and its allowed range.
    struct Entry: Codable {
        let key: String
        let value: Int
        let defaultValue: Int
        let unit: ParameterUnit
        let minimum: Int
        let maximum: Int
        let summary: String

        init(_ parameter: AssistanceParameter, in settings: AssistanceSettings) {
            key = parameter.key
            value = settings.value(parameter)
            defaultValue = parameter.defaultValue
            unit = parameter.unit
            minimum = parameter.range.lowerBound
            maximum = parameter.range.upperBound
            summary = parameter.summary
        }
    }

    struct Overview: ResponseCodable {
        /// The version in force.
        let version: Int
        let items: [Entry]
    }

    /// A change: values to set, keys to put back to their defaults, and why.
    struct Change: Codable, WireConstrained {
        let values: [String: Int]?
        let reset: [String]?
        let note: String

        static let fieldRules: [String: [FieldRule]] = ["note": [.text(.remark)]]
    }

    struct VersionList: ResponseCodable { let items: [SettingsVersionView] }

    static let limit = Query.integer("limit", in: 1...500, "Versions to list, newest first (50 when left out)")

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "settings", "The district's settings in force, their version, defaults and ranges",
            answers: [.ok(Overview.self, "The settings")], use: overview)
        routes.get(
            "settings/versions", "Every stored version of the settings, newest first: what it set, why and by whom",
            parameters: [Self.limit.documented], answers: [.ok(VersionList.self, "The versions")], use: versions)
        routes.post(
            "settings/versions",
            "Admin: change settings (values to set, keys to reset to their defaults, a note): a new version, in force at once",
            body: Change.self, answers: [.created(Overview.self, "The settings now in force")], refusals: [.forbidden], use: change)
    }

    @Sendable func overview(_ request: Request, context: SafetyNetRequestContext) async throws -> Overview {
        _ = try context.requirePrincipal()
        return Self.overview(catalog)
    }

    @Sendable func versions(_ request: Request, context: SafetyNetRequestContext) async throws -> VersionList {
        _ = try context.requirePrincipal()
        return VersionList(items: try await settings.versions(limit: try QueryInput(request).read(Self.limit) ?? 50))
    }

    @Sendable func change(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<Overview> {
        let principal = try context.requirePrincipal()
        try principal.require(.manageSettings)
        let body = try await StrictJSON.decode(Change.self, from: request, context: context)
        var changes: [String: Int?] = (body.values ?? [:]).mapValues { $0 }
        for key in body.reset ?? [] { changes[key] = .some(nil) }
        guard !changes.isEmpty else {
            throw APIError(.unprocessableContent, code: "nothing_to_change", message: "name values to set or keys to reset", field: "values")
        }
        try await apply(changes, note: body.note, by: principal)
        return EditedResponse(status: .created, response: Self.overview(catalog))
    }

    /// Stores `changes` (a value, or nil for the default) as a new version for `principal`: the
    /// API's path and the console's; the version stored.
    @discardableResult
    func apply(_ changes: [String: Int?], note: String, by principal: Principal) async throws -> Int {
        try principal.require(.manageSettings)
        let note = try TextRule.required(note, field: "note", limit: .remark)
        return try await settings.change(changes, note: note, by: principal, now: clock.now()).version
    }

    private static func overview(_ catalog: AssistanceCatalog) -> Overview {
        let current = catalog.settingsBoard.current
        return Overview(version: current.version, items: catalog.parameters.map { Entry($0, in: current.values) })
    }
}
