import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Discoveries (发现): people department data names whom the registry does not know yet, listed
/// where their rows say they live, for the grid to find and register.
struct DiscoveryController {
    let discoveries: DiscoveryList
    let catalog: AssistanceCatalog

    struct DiscoveryPage: ResponseCodable { let items: [DiscoveryView] }

    static let region = Query.region("region", "A region inside the caller's scope; the caller's scope when left out")
    static let limit = Query.integer("limit", in: 1...500, "Discoveries per page (100 when left out)")
    static let offset = Query.integer("offset", in: 0...100_000, "Discoveries to skip (0 when left out)")

    private var feedFilter: QueryParameter<String> {
        Query.word("feed", among: catalog.feeds.keys.map(\.rawValue).sorted(), "Only discoveries of this feed")
    }

    private var moduleFilter: QueryParameter<ModuleID> {
        Query.module("module", among: Set(catalog.feeds.keys.map(\.module)), "Only this department's discoveries")
    }

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "discoveries",
            "People department data names whom the registry does not know yet, one entry each, where their rows say they live (an officer: its department's), newest first",
            parameters: [Self.region.documented, feedFilter.documented, moduleFilter.documented, Self.limit.documented, Self.offset.documented],
            answers: [.ok(DiscoveryPage.self, "A page of discoveries")], refusals: [.forbidden], use: list)
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> DiscoveryPage {
        let principal = try context.requirePrincipal()
        let query = try QueryInput(request)
        let region = try query.read(Self.region) ?? principal.scope
        try principal.require(.readRegistry, in: region)
        var filter = DiscoveryFilter(scope: region)
        filter.module = try principal.departmentFilter ?? query.read(moduleFilter)
        filter.feed = try query.read(feedFilter).flatMap(FeedID.init(rawValue:))
        let items = try await discoveries.list(filter, limit: try query.read(Self.limit) ?? 100, offset: try query.read(Self.offset) ?? 0)
        return DiscoveryPage(items: items)
    }
}

extension DiscoveryView: ResponseCodable {}
