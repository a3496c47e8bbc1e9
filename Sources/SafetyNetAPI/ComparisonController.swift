import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The half-yearly full comparison (全量比对): starting one, its progress, and its
/// re-verification list (入户复核) per town and grid.
struct ComparisonController {
    let comparison: FullComparison

    struct RunList: ResponseCodable { let items: [ComparisonRunView] }
    struct RecheckList: ResponseCodable { let items: [RecheckView] }

    static let region = Query.region("region", "A region inside the caller's scope; the caller's scope when left out")
    static let limit = Query.integer("limit", in: 1...500, "Households per page (100 when left out)")
    static let offset = Query.integer("offset", in: 0...1_000_000, "Households to skip (0 when left out)")

    func addRoutes(to routes: DocumentedRoutes) {
        routes.post(
            "comparisons",
            "Start a full comparison (全量比对) of every household receiving a standing benefit: the server compares them in the background, resuming after a restart",
            answers: [.created(ComparisonRunView.self, "Started; `compared` grows until the status is done")], refusals: [.forbidden, .conflict],
            use: start)
        routes.post(
            "comparisons/{id}/cancellation",
            "Stop a running comparison by hand, with a reason (one whose chunk keeps failing holds every later one back); its findings so far stay",
            body: Cancellation.self, answers: [.ok(ComparisonRunView.self, "Stopped")], refusals: [.forbidden, .conflict], use: cancel)
        routes.get(
            "comparisons", "The latest full comparisons with their progress", answers: [.ok(RunList.self, "The comparisons")],
            refusals: [.forbidden], use: list)
        routes.get(
            "comparisons/{id}", "One full comparison and its progress", answers: [.ok(ComparisonRunView.self, "The comparison")],
            refusals: [.forbidden], use: read)
        routes.get(
            "comparisons/{id}/rechecks",
            "The households to visit again (入户复核) in the caller's region because their findings changed since the previous comparison, with what changed (an officer: its department's rules' changes)",
            parameters: [Self.region.documented, Self.limit.documented, Self.offset.documented],
            answers: [.ok(RecheckList.self, "A page of households")], refusals: [.forbidden], use: rechecks)
    }

    @Sendable func start(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<ComparisonRunView> {
        let principal = try context.requirePrincipal()
        try principal.require(.runComparison)
        return EditedResponse(status: .created, response: try await comparison.start(by: principal))
    }

    /// Why a comparison is stopped.
    struct Cancellation: Codable, WireConstrained {
        let reason: String
        static let fieldRules: [String: [FieldRule]] = ["reason": [.text(.remark)]]
    }

    @Sendable func cancel(_ request: Request, context: SafetyNetRequestContext) async throws -> ComparisonRunView {
        let principal = try context.requirePrincipal()
        try principal.require(.runComparison)
        let body = try await StrictJSON.decode(Cancellation.self, from: request, context: context)
        return try await comparison.cancel(try context.pathID(), reason: body.reason, by: principal)
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> RunList {
        try context.requirePrincipal().require(.readRegistry)
        return RunList(items: try await comparison.runs(limit: 20))
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> ComparisonRunView {
        try context.requirePrincipal().require(.readRegistry)
        return try await comparison.run(try context.pathID())
    }

    @Sendable func rechecks(_ request: Request, context: SafetyNetRequestContext) async throws -> RecheckList {
        let principal = try context.requirePrincipal()
        let query = try QueryInput(request)
        let region = try query.read(Self.region) ?? principal.scope
        try principal.require(.readRegistry, in: region)
        let run = try await comparison.run(try context.pathID())
        return RecheckList(
            items: try await comparison.rechecks(
                of: run.id, in: region, module: principal.departmentFilter, limit: try query.read(Self.limit) ?? 100,
                offset: try query.read(Self.offset) ?? 0))
    }
}

extension ComparisonRunView: ResponseCodable {}
