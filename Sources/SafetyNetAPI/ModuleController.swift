import Foundation
import Hummingbird
import Logging
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage

/// Department modules: which are linked into the build and switched on, their versions and
/// migrations, and the work waiting on each. The admin switches a module on or off; every server
/// process follows at once, without a restart, and the push channel announces it.
struct ModuleController {
    let store: ModuleStore
    var modules: ModuleSwitchboard { store.switchboard }

    struct Migrations: Codable {
        let applied: Int
        let latest: Int
        let pending: Int
    }

    struct ModuleEntry: ResponseCodable {
        let id: ModuleID
        let chineseName: String
        let englishName: String
        let version: String
        let enabled: Bool
        let migrations: Migrations
        let assistanceTypes: [AssistanceTypeID]
        let referralNeeds: [Need]
        let takesUncoveredNeeds: Bool
        let leadsJointCases: Bool
        let openWork: ModuleWorkload
    }

    struct ModuleList: ResponseCodable { let items: [ModuleEntry] }

    struct Switch: Codable, WireConstrained {
        let note: String?
        static let fieldRules: [String: [FieldRule]] = ["note": [.text(.brief), .note("why, for the audit log")]]
    }

    struct AppliedStep: Codable {
        let version: Int
        let name: String
    }
    struct SwitchResult: ResponseCodable {
        let module: ModuleEntry
        let changed: Bool
        let appliedMigrations: [AppliedStep]
    }
    struct OpenWorkList: ResponseCodable {
        let module: ModuleID
        let workload: ModuleWorkload
        let items: [OpenWork]
        /// Pass as `cursor` for the next page; absent on the last.
        let nextCursor: String?
    }

    static let limit = Query.integer("limit", in: 1...1_000, "Entries per page (200 when left out)")
    static let cursor = QueryParameter<OpenWork.Cursor>(name: "cursor", schema: .text, description: "nextCursor of the previous page") {
        text throws(FieldError) in
        guard let cursor = OpenWork.Cursor(text) else {
            throw FieldError(field: "cursor", code: "invalid_cursor", message: "pass nextCursor from the previous page")
        }
        return cursor
    }

    func addRoutes(to routes: DocumentedRoutes) {
        let id = ModuleID.wireSchema
        let switched = APIOperation.Answer.ok(SwitchResult.self, "The module after the switch")
        routes.get(
            "modules", "The department modules linked into this build: version, enabled, migrations, types, referral needs and open work",
            answers: [.ok(ModuleList.self, "The modules")], use: list)
        routes.get("modules/{id}", "One module", pathSchema: id, answers: [.ok(ModuleEntry.self, "The module")], use: read)
        routes.get(
            "modules/{id}/open-work", "The module's open case items, referrals and joint cases waiting for it, in the caller's scope, oldest first",
            parameters: [Self.limit.documented, Self.cursor.documented], pathSchema: id,
            answers: [.ok(OpenWorkList.self, "The work")], refusals: [.forbidden], use: openWork)
        routes.post(
            "modules/{id}/enable",
            "Admin: apply the module's pending migrations and switch it on for every server process; announced as module.enabled",
            pathSchema: id, body: Switch.self, bodyOptional: true, answers: [switched], refusals: [.forbidden]
        ) { request, context in
            try await switchModule(on: true, request, context)
        }
        routes.post(
            "modules/{id}/disable",
            "Admin: switch the module off for every server process; its data and open work are kept; announced as module.disabled",
            pathSchema: id, body: Switch.self, bodyOptional: true, answers: [switched], refusals: [.forbidden]
        ) { request, context in
            try await switchModule(on: false, request, context)
        }
    }

    /// Anyone signed in sees which departments are on, as they see the assistance types.
    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> ModuleList {
        _ = try context.requirePrincipal()
        return ModuleList(items: try await entries())
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> ModuleEntry {
        _ = try context.requirePrincipal()
        return try await entry(try moduleID(context))
    }

    /// The module's open case items, referrals and pending contributions inside the caller's
    /// scope, oldest first; a department officer reads their own module's.
    @Sendable func openWork(_ request: Request, context: SafetyNetRequestContext) async throws -> OpenWorkList {
        let principal = try context.requirePrincipal()
        let id = try moduleID(context)
        try principal.require(.readCases, module: id, in: principal.scope)
        let query = try QueryInput(request)
        let limit = try query.read(Self.limit) ?? 200
        let cursor = try query.read(Self.cursor)
        let reader = store.workloads
        let page = try await reader.openWork(of: id, in: principal.scope, limit: limit, after: cursor)
        return OpenWorkList(
            module: id, workload: try await reader.workloads(of: [id], in: principal.scope)[id] ?? .none, items: page.items,
            nextCursor: page.next?.description)
    }

    private func switchModule(on: Bool, _ request: Request, _ context: SafetyNetRequestContext) async throws -> SwitchResult {
        let principal = try context.requirePrincipal()
        try principal.require(.manageModules)
        let body = try await StrictJSON.decodeOptional(Switch.self, from: request, context: context)
        let note = try body?.note.map { try TextRule.required($0, field: "note", limit: .brief) }
        let done = try await store.switchModule(
            try moduleID(context).rawValue, on: on, note: note, by: principal, source: context.remoteAddress)
        return SwitchResult(
            module: try await entry(try moduleID(context)), changed: done.changed,
            appliedMigrations: done.appliedMigrations.map { AppliedStep(version: $0.version, name: $0.name) })
    }

    private func moduleID(_ context: SafetyNetRequestContext) throws -> ModuleID {
        let text = try context.parameters.require("id")
        guard let id = ModuleID(rawValue: text), modules.module(id) != nil else { throw ModuleSwitchError.unknownModule(text) }
        return id
    }

    private func entry(_ id: ModuleID) async throws -> ModuleEntry {
        guard let entry = try await entries().first(where: { $0.id == id }) else { throw ModuleSwitchError.unknownModule(id.rawValue) }
        return entry
    }

    /// Every linked module with its state, migrations and open work, in registration order.
    private func entries() async throws -> [ModuleEntry] {
        let statuses = try await store.statuses()
        return zip(statuses, modules.modules).map { status, module in
            let descriptor = status.descriptor
            return ModuleEntry(
                id: descriptor.id, chineseName: descriptor.chineseName, englishName: descriptor.englishName, version: descriptor.version.description,
                enabled: status.enabled,
                migrations: Migrations(applied: status.appliedVersion, latest: status.latestVersion, pending: status.pending),
                assistanceTypes: module.assistanceTypes.map(\.id).sorted(),
                referralNeeds: module.referralHandling.needs.sorted { $0.rawValue < $1.rawValue },
                takesUncoveredNeeds: module.referralHandling.takesUncoveredNeeds, leadsJointCases: module.leadsJointCases,
                openWork: status.workload ?? .none)
        }
    }
}
