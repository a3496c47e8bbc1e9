import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Projects with places and a fund (charity's 慈善项目): created by their department, and matched
/// to referred needs, which answers the referral.
struct ProjectController {
    let projects: ProjectStore
    let catalog: AssistanceCatalog
    let modules: ModuleSwitchboard

    struct NewProject: Codable, WireConstrained {
        let module: ModuleID?
        let name: String
        let description: String
        let needs: [Need]
        let region: RegionCode?
        let capacity: Int
        let fundsFen: Int
        let openUntil: CalendarDate?

        static let fieldRules: [String: [FieldRule]] = [
            "module": [.note("the department running it; the caller's own when left out")], "name": [.text(.title)],
            "description": [.text(.statement)], "needs": [.minimumItems(1)], "capacity": [.range(1...100_000)], "fundsFen": [.amount],
        ]
    }

    struct Match: Codable, WireConstrained {
        let projectID: UUID
        let amountFen: Int?
        let answer: String
        static let fieldRules: [String: [FieldRule]] = ["amountFen": [.amount], "answer": [.text(.remark)]]
    }

    struct ProjectList: ResponseCodable { let items: [ProjectView] }

    /// `?module=` narrows the project list to one department.
    var moduleFilter: QueryParameter<ModuleID> {
        Query.module("module", among: catalog.departments, "Only this department's projects; a department officer sees only its own")
    }

    func addRoutes(to routes: DocumentedRoutes) {
        routes.post(
            "projects", "A department creates a project with places and a fund (慈善项目)", body: NewProject.self,
            answers: [.created(ProjectView.self, "Created")], refusals: [.forbidden, .conflict], use: create)
        routes.get(
            "projects", "The projects", parameters: [moduleFilter.documented], answers: [.ok(ProjectList.self, "The projects")],
            refusals: [.forbidden], use: list)
        routes.get(
            "referrals/{id}/projects", "Open projects that fit a referred need", answers: [.ok(ProjectList.self, "The projects")],
            refusals: [.forbidden, .conflict], use: candidates)
        routes.post(
            "referrals/{id}/match", "Match a referral to a project: takes a place, commits funds and resolves the referral",
            body: Match.self, answers: [.ok(ReferralView.self, "The referral, resolved")], refusals: [.forbidden, .conflict], use: match)
    }

    @Sendable func create(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<ProjectView> {
        let principal = try context.requirePrincipal()
        let body = try await StrictJSON.decode(NewProject.self, from: request, context: context)
        guard let module = body.module ?? principal.department else {
            throw FieldError(field: "module", code: "required", message: "name the department running the project")
        }
        let region = body.region ?? principal.scope
        try principal.requireActing(.decideCases, for: module, leadModule: catalog.leadModule, in: region)
        try modules.require(module)
        let draft = try ProjectDraft(
            module: module, name: body.name, description: body.description, needs: Set(body.needs), region: region,
            capacity: body.capacity, fundsFen: body.fundsFen, openUntil: body.openUntil)
        return EditedResponse(status: .created, response: try await projects.create(draft, by: principal))
    }

    /// `?module=` narrows the list; department officers see their own.
    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> ProjectList {
        let principal = try context.requirePrincipal()
        try principal.require(.readCases)
        let asked = try QueryInput(request).read(moduleFilter)
        let module = principal.departmentFilter ?? asked
        return ProjectList(items: try await projects.list(module: module))
    }

    @Sendable func candidates(_ request: Request, context: SafetyNetRequestContext) async throws -> ProjectList {
        let principal = try context.requirePrincipal()
        return ProjectList(items: try await projects.candidates(for: try context.pathID(), authorize: answerer(principal)))
    }

    @Sendable func match(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralView {
        let principal = try context.requirePrincipal()
        let body = try await StrictJSON.decode(Match.self, from: request, context: context)
        let draft = try ProjectMatchDraft(projectID: body.projectID, amountFen: body.amountFen ?? 0, answer: body.answer)
        let lead = catalog.leadModule
        let answerer = answerer(principal)
        // Only the project's own department commits its fund, even once the referral reached the district lead.
        return try await projects.match(referral: try context.pathID(), draft, by: principal) { referral in
            try answerer(referral)
            try principal.requireActing(.decideCases, for: referral.address.module ?? lead ?? .kernel, leadModule: lead, in: referral.gridCode)
        }
    }

    private func answerer(_ principal: Principal) -> ReferralStore.Authorize {
        ReferralController.answerer(principal, catalog: catalog, modules: modules)
    }
}

extension ProjectView: ResponseCodable {}
