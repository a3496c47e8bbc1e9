import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Changes to registered households and persons: move, close, add a member, update or close a person.
struct HouseholdChangesController {
    let registry: RegistryStore
    /// "Now", for the days changes happen on and the birth dates they may not put in the future.
    let clock: any WallClock

    struct Move: Codable, WireConstrained {
        let gridCode: RegionCode
        let address: String
        static let fieldRules: [String: [FieldRule]] = ["address": [.text(.address)]]
    }

    struct Close: Codable, WireConstrained {
        let reason: ClosureReason
        let on: CalendarDate?
        static let fieldRules: [String: [FieldRule]] = ["on": [.note("the day it happened, not in the future; today when left out")]]
    }

    struct ClosePerson: Codable { let reason: ClosureReason }

    struct Return: Codable, WireConstrained {
        let householdID: UUID
        let relation: HouseholdRelation
        let idNumber: String
        static let fieldRules: [String: [FieldRule]] = ["idNumber": [.note("the person's ID number in full, as on their card")]]
    }

    func addRoutes(to routes: DocumentedRoutes) {
        let household = APIOperation.Answer.ok(HouseholdView.self, "The household as it is now")
        routes.post(
            "households/{id}/move", "Move to another grid or address", body: Move.self, answers: [household],
            refusals: [.forbidden], use: move)
        routes.post(
            "households/{id}/close", "Close a household (deceased, moved away)", body: Close.self, answers: [household],
            refusals: [.forbidden], use: close)
        routes.post(
            "households/{id}/members", "Add a member", body: RegistryController.NewMember.self,
            answers: [.created(HouseholdView.self, "The household with the new member")], refusals: [.forbidden], use: addMember)
        routes.add(
            .put, "persons/{id}", "Update a person (the ID number must be theirs)", body: RegistryController.NewMember.self,
            answers: [household], refusals: [.forbidden, .conflict], use: updatePerson)
        routes.post(
            "persons/{id}/close", "Record a death or a move away", body: ClosePerson.self, answers: [household],
            refusals: [.forbidden], use: closePerson)
        routes.post(
            "persons/{id}/return",
            "A person who moved away comes back: the same record (history, cases, chain) joins an active household in your scope; 409 while they still belong to an active household, or for a death",
            body: Return.self, answers: [household], refusals: [.forbidden], use: returnPerson)
    }

    @Sendable func move(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let (principal, id) = try await ScopeCheck(registry: registry).household(context, .writeRegistry)
        let body = try await StrictJSON.decode(Move.self, from: request, context: context)
        let draft = try HouseholdDraft(grid: body.gridCode, address: body.address)
        try principal.require(.writeRegistry, in: draft.grid)  // both where it leaves and where it goes
        return try await registry.move(household: id, to: draft, by: principal, source: context.remoteAddress)
    }

    @Sendable func close(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let (principal, id) = try await ScopeCheck(registry: registry).household(context, .writeRegistry)
        let body = try await StrictJSON.decode(Close.self, from: request, context: context)
        let today = WorkingCalendar.day(of: clock.now())
        let day = body.on ?? today
        guard day <= today else {
            throw FieldError(field: "on", code: "in_future", message: "a household is closed on or after the day it happened")
        }
        return try await registry.close(household: id, reason: body.reason, on: day, by: principal, source: context.remoteAddress)
    }

    @Sendable func addMember(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<HouseholdView> {
        let (principal, id) = try await ScopeCheck(registry: registry).household(context, .writeRegistry)
        let body = try await StrictJSON.decode(RegistryController.NewMember.self, from: request, context: context)
        let draft = try RegistryController.personDraft(body, today: WorkingCalendar.day(of: clock.now()))
        return EditedResponse(status: .created, response: try await registry.addMember(draft, to: id, by: principal, source: context.remoteAddress))
    }

    @Sendable func updatePerson(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let (principal, id) = try await ScopeCheck(registry: registry).person(context, .writeRegistry)
        let body = try await StrictJSON.decode(RegistryController.NewMember.self, from: request, context: context)
        let draft = try RegistryController.personDraft(body, today: WorkingCalendar.day(of: clock.now()))
        return try await registry.updatePerson(id, with: draft, by: principal, source: context.remoteAddress)
    }

    /// A person who moved away comes back, into a household in the caller's scope; wherever they
    /// were before, their record (and with it their history and chain) is the same one.
    @Sendable func returnPerson(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let principal = try context.requirePrincipal()
        let id = try context.pathID()
        let body = try await StrictJSON.decode(Return.self, from: request, context: context)
        guard let grid = try await registry.grid(ofHousehold: body.householdID) else {
            throw APIError(.unprocessableContent, code: "not_found", message: "no household with this id", field: "householdID")
        }
        try principal.require(.writeRegistry, in: grid)
        let idNumber = try InputParsing.idNumber(body.idNumber, field: "idNumber", today: WorkingCalendar.day(of: clock.now()))
        return try await registry.returnPerson(
            id, idNumber: idNumber, to: body.householdID, relation: body.relation, by: principal,
            source: context.remoteAddress)
    }

    @Sendable func closePerson(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let (principal, id) = try await ScopeCheck(registry: registry).person(context, .writeRegistry)
        let body = try await StrictJSON.decode(ClosePerson.self, from: request, context: context)
        return try await registry.closePerson(id, reason: body.reason, by: principal, source: context.remoteAddress)
    }
}
