import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The feeds the linked department modules declare: what a department system sends, field by
/// field, so an integrator can shape an export without reading Swift. Built once, since
/// declarations do not change while the server runs; whether each module is on is read per request.
struct FeedController {
    struct Field: Codable {
        let name: String
        let chineseLabel: String
        /// `idNumber`, `date`, `amount` (yuan, at most two decimals), `integer`, `text`, `choice` or `region` (where the person lives).
        let kind: String
        let required: Bool
        /// Personal data: masked wherever a problem report quotes it.
        let personal: Bool
        let minimum: Int?
        let maximum: Int?
        let maxLength: Int?
        let choices: [Choice]?
    }

    struct Choice: Codable {
        let code: String
        let label: String
    }

    struct Entry: Codable, ModuleOwnedEntry {
        let id: FeedID
        let module: ModuleID
        let chineseName: String
        let meaning: String
        let subject: FeedSubject
        let identityField: String
        let fields: [Field]
        /// Whether the feed's module is on; a disabled module's feeds take no batches.
        var enabled = true
    }

    struct Listing: ResponseCodable { let items: [Entry] }

    let listing: Listing
    let modules: ModuleSwitchboard

    init(catalog: AssistanceCatalog, modules: ModuleSwitchboard) {
        self.modules = modules
        listing = Listing(
            items: catalog.feeds.values.sorted { $0.id < $1.id }.map { feed in
                Entry(
                    id: feed.id, module: feed.id.module, chineseName: feed.chineseName, meaning: feed.meaning, subject: feed.subject,
                    identityField: feed.identityField, fields: feed.fields.map(Self.field))
            })
    }

    private static func field(_ field: FeedField) -> Field {
        let (kind, range, maxLength, choices): (String, ClosedRange<Int>?, Int?, [FeedChoice]?) =
            switch field.kind {
            case .idNumber: ("idNumber", nil, nil, nil)
            case .date: ("date", nil, nil, nil)
            case .amount: ("amount", nil, nil, nil)
            case .integer(let range): ("integer", range, nil, nil)
            case .text(let maximum): ("text", nil, maximum, nil)
            case .choice(let choices): ("choice", nil, nil, choices)
            case .region: ("region", nil, nil, nil)
            }
        return Field(
            name: field.name, chineseLabel: field.chineseLabel, kind: kind, required: field.isRequired, personal: field.isPersonal,
            minimum: range?.lowerBound, maximum: range?.upperBound, maxLength: maxLength,
            choices: choices?.map { Choice(code: $0.code, label: $0.label) })
    }

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "feeds",
            "The data feeds the linked department modules accept: each field's name and Chinese header, kind and whether it is required or personal, and whether the module is switched on",
            answers: [.ok(Listing.self, "The feeds")], use: list)
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> Listing {
        _ = try context.requirePrincipal()
        return Listing(items: modules.marking(listing.items))
    }
}

/// A listed thing that belongs to a module and shows whether that module is on.
protocol ModuleOwnedEntry {
    /// The module it belongs to.
    var module: ModuleID { get }
    /// Whether the module is switched on.
    var enabled: Bool { get set }
}

extension ModuleSwitchboard {
    /// `entries` with `enabled` set from the modules' switches now.
    func marking<Entry: ModuleOwnedEntry>(_ entries: [Entry]) -> [Entry] {
        entries.map { entry in
            var entry = entry
            entry.enabled = isEnabled(entry.module)
            return entry
        }
    }
}
