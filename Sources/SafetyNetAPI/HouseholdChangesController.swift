import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Changes to registered households and persons: move, close, add a member, update or close a person.
struct HouseholdChangesController {
    let registry: RegistryStore

    struct Move: Codable { let gridCode: RegionCode; let address: String }
    struct Close: Codable { let reason: ClosureReason; let on: CalendarDate? }
    struct ClosePerson: Codable { let reason: ClosureReason }
    struct Return: Codable { let householdID: UUID; let relation: HouseholdRelation; let idNumber: String }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.post("households/{id}/move", use: move)
        group.post("households/{id}/close", use: close)
        group.post("households/{id}/members", use: addMember)
        group.put("persons/{id}", use: updatePerson)
        group.post("persons/{id}/close", use: closePerson)
        group.post("persons/{id}/return", use: returnPerson)
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
        let day = body.on ?? WorkingCalendar.day(of: Date())
        guard day <= WorkingCalendar.day(of: Date()) else {
            throw FieldError(field: "on", code: "in_future", message: "a household is closed on or after the day it happened")
        }
        return try await registry.close(household: id, reason: body.reason, on: day, by: principal, source: context.remoteAddress)
    }

    @Sendable func addMember(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<HouseholdView> {
        let (principal, id) = try await ScopeCheck(registry: registry).household(context, .writeRegistry)
        let body = try await StrictJSON.decode(RegistryController.NewMember.self, from: request, context: context)
        let draft = try RegistryController.personDraft(body)
        return EditedResponse(status: .created, response: try await registry.addMember(draft, to: id, by: principal, source: context.remoteAddress))
    }

    @Sendable func updatePerson(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let (principal, id) = try await ScopeCheck(registry: registry).person(context, .writeRegistry)
        let body = try await StrictJSON.decode(RegistryController.NewMember.self, from: request, context: context)
        let draft = try RegistryController.personDraft(body)
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
        let idNumber = try InputParsing.idNumber(body.idNumber, field: "idNumber")
        return try await registry.returnPerson(id, idNumber: idNumber, to: body.householdID, relation: body.relation, by: principal,
                                               source: context.remoteAddress)
    }

    @Sendable func closePerson(_ request: Request, context: SafetyNetRequestContext) async throws -> HouseholdView {
        let (principal, id) = try await ScopeCheck(registry: registry).person(context, .writeRegistry)
        let body = try await StrictJSON.decode(ClosePerson.self, from: request, context: context)
        return try await registry.closePerson(id, reason: body.reason, by: principal, source: context.remoteAddress)
    }
}
