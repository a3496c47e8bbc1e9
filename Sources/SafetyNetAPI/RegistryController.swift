import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Regions and households: the tree, search within the caller's scope, one household, and new households.
struct RegistryController {
    let registry: RegistryStore
    /// "Now", for the birth dates a registration may not put in the future.
    let clock: any WallClock

    struct NewMember: Codable, WireConstrained {
        let name: String
        let relation: HouseholdRelation
        let idNumber: String
        let phone: String?
        let disability: Disability?
        let monthlyIncomeFen: Int?

        static let fieldRules: [String: [FieldRule]] = [
            "name": [.text(.name)],
            "idNumber": [.note("the ID number in full: 18 characters, the last a digit or X, with a valid check digit and birth date")],
            "phone": [.note("an 11-digit mobile number, or a landline with its area code; dashes and spaces are dropped")],
            "monthlyIncomeFen": [.amount],
        ]
    }

    struct NewHousehold: Codable, WireConstrained {
        let gridCode: RegionCode
        let address: String
        let members: [NewMember]

        static let fieldRules: [String: [FieldRule]] = ["address": [.text(.address)], "members": [.minimumItems(1), .maximumItems(30)]]
    }

    static let region = Query.region("region", "A region code inside the caller's scope; the caller's scope when left out")
    static let name = Query.text("name", "A member's name, from its start")
    static let address = Query.text("address", "Part of the address")
    static let idNumber = Query.idNumber("idNumber", "A member's full ID number, matched by blind index")
    static let category = Query.choice("category", MonitoringCategory.self, "Households on the ledger in this category")
    static let riskLevel = Query.choice("riskLevel", RiskLevel.self, "Households on the ledger at this risk level")
    static let limit = Query.integer("limit", in: 1...200, "Households per page (50 when left out)")
    static let cursor = Query.id("cursor", hint: "pass nextCursor from the previous page")

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "regions", "The region tree under the caller's scope", answers: [.ok(RegionNode.self, "The tree")], refusals: [.forbidden, .notFound],
            use: regions)
        routes.get(
            "households", "Search households in the caller's scope",
            parameters: [
                Self.region.documented, Self.name.documented, Self.address.documented, Self.idNumber.documented,
                Self.category.documented, Self.riskLevel.documented, Self.limit.documented, Self.cursor.documented,
            ],
            answers: [.ok(Page<HouseholdView>.self, "A page")], refusals: [.forbidden], use: households)
        routes.get(
            "households/{id}", "One household with members and ledger entry", answers: [.ok(HouseholdView.self, "The household")],
            refusals: [.forbidden], use: household)
        routes.post(
            "households", "Register a household with its members", body: NewHousehold.self,
            answers: [.created(HouseholdView.self, "Registered")], refusals: [.forbidden], use: createHousehold)
        routes.get(
            "persons/{id}/identity", "ID and phone numbers in full (town, district, admin); each read is audited",
            answers: [.ok(PersonIdentity.self, "The numbers")], refusals: [.forbidden], use: identity)
    }

    @Sendable func regions(_ request: Request, context: SafetyNetRequestContext) async throws -> RegionNode {
        let principal = try context.requirePrincipal()
        try principal.require(.readRegistry)
        guard let tree = try await registry.regionTree(under: principal.scope) else { throw APIError.notFound("region") }
        return tree
    }

    @Sendable func households(_ request: Request, context: SafetyNetRequestContext) async throws -> Page<HouseholdView> {
        let principal = try context.requirePrincipal()
        let query = try Self.householdQuery(QueryInput(request))
        try principal.require(.readRegistry, in: query.region ?? principal.scope)
        return try await registry.households(query, scope: principal.scope)
    }

    @Sendable func household(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let principal = try context.requirePrincipal()
        let id = try context.pathID()
        // One round trip: load, then check the scope before anything is returned.
        guard let view = try await registry.household(id) else { throw APIError.notFound("household") }
        try principal.require(.readRegistry, in: view.gridCode)
        return view
    }

    @Sendable func createHousehold(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<HouseholdView> {
        let principal = try context.requirePrincipal()
        let body = try await StrictJSON.decode(NewHousehold.self, from: request, context: context)
        let draft = try HouseholdDraft(grid: body.gridCode, address: body.address)
        try principal.require(.writeRegistry, in: draft.grid)
        let today = WorkingCalendar.day(of: clock.now())
        let members = try body.members.enumerated().map { index, member in
            do { return try Self.personDraft(member, today: today) } catch { throw error.nested(under: "members[\(index)]") }
        }
        let view = try await registry.createHousehold(draft, members: members, by: principal, source: context.remoteAddress)
        return EditedResponse(status: .created, headers: [.location: "/api/v1/households/\(view.id.uuidString.lowercased())"], response: view)
    }

    /// A person's ID and phone numbers in full, for roles allowed to see them; the read is audited.
    @Sendable func identity(_ request: Request, context: SafetyNetRequestContext) async throws -> PersonIdentity {
        let (principal, id) = try await ScopeCheck(registry: registry).person(context, .readFullPersonalData)
        guard let identity = try await registry.revealIdentity(ofPerson: id, by: principal, source: context.remoteAddress) else {
            throw APIError.notFound("person")
        }
        return identity
    }

    /// The member as a draft; `today` refuses birth dates after it.
    static func personDraft(_ member: NewMember, today: CalendarDate) throws(FieldError) -> PersonDraft {
        let idNumber = try InputParsing.idNumber(member.idNumber, field: "idNumber", today: today)
        return try PersonDraft(
            name: member.name, relation: member.relation, idNumber: idNumber,
            phone: try member.phone.map { text throws(FieldError) in try PhoneNumber(text) },
            disability: member.disability, monthlyIncomeFen: member.monthlyIncomeFen)
    }

    static func householdQuery(_ input: QueryInput) throws(FieldError) -> HouseholdQuery {
        var query = HouseholdQuery()
        query.region = try input.read(region)
        query.name = try input.read(name)
        query.address = try input.read(address)
        query.idNumber = try input.read(idNumber)
        query.category = try input.read(category)
        query.riskLevel = try input.read(riskLevel)
        query.limit = try input.read(limit) ?? query.limit
        query.cursor = try input.read(cursor)
        return query
    }
}

/// Reads kernel values from request text, turning their validation errors into field errors.
enum InputParsing {
    /// A whole number within `range`.
    static func integer(_ text: String, in range: ClosedRange<Int>, field: String) throws(FieldError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw FieldError(field: field, code: "out_of_range", message: "\(field) is \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    static func region(_ text: String, field: String) throws(FieldError) -> RegionCode {
        do { return try RegionCode(text) } catch { throw FieldError(field: field, code: "invalid_region", message: error.description) }
    }

    /// A day written YYYY-MM-DD.
    static func day(_ text: String, field: String) throws(FieldError) -> CalendarDate {
        guard let day = CalendarDate(iso: text) else {
            throw FieldError(field: field, code: "invalid_date", message: "\(field) is a date like 2026-01-31")
        }
        return day
    }

    /// An ID number; birth dates after `today` (in China) are refused.
    static func idNumber(_ text: String, field: String, today: CalendarDate) throws(FieldError) -> ResidentIDNumber {
        do {
            return try ResidentIDNumber(text, today: today)
        } catch {
            throw FieldError(field: field, code: "invalid_id_number", message: error.description)
        }
    }
}

extension RegionNode: ResponseCodable {}
extension Page: ResponseCodable {}
extension HouseholdView: ResponseCodable {}
extension PersonIdentity: ResponseCodable {}

extension Error {
    /// A field error re-rooted under `parent`; other errors unchanged.
    func nested(under parent: String) -> any Error {
        (self as? FieldError).map { $0.nested(under: parent) } ?? self
    }
}
