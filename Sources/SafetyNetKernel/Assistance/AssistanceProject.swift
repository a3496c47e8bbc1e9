import Foundation

/// A department's project with a number of places and a fund (a charity's 慈善项目, a training
/// course): referred needs no policy covers are matched to one with room, and the match answers
/// the referral.
public struct ProjectDraft: Hashable, Sendable {
    public let module: ModuleID
    public let name: String
    public let description: String
    /// The needs it meets.
    public let needs: Set<Need>
    /// Where it operates: the district, a town or a village.
    public let region: RegionCode
    /// Households it can take.
    public let capacity: Int
    /// Its fund, in fen; zero for projects that give services, not money.
    public let fundsFen: Int
    /// The last day it takes households, if it closes.
    public let openUntil: CalendarDate?

    /// Validates: a name and description, at least one need, a capacity of 1–100,000, a fund that is not negative.
    public init(
        module: ModuleID, name: String, description: String, needs: Set<Need>, region: RegionCode, capacity: Int, fundsFen: Int,
        openUntil: CalendarDate?
    ) throws(FieldError) {
        guard !needs.isEmpty else { throw FieldError(field: "needs", code: "required", message: "name the needs the project meets") }
        guard (1...100_000).contains(capacity) else {
            throw FieldError(field: "capacity", code: "out_of_range", message: "capacity is 1–100000 households")
        }
        try AmountRule.fen(fundsFen, field: "fundsFen")
        guard region.level != .grid else {
            throw FieldError(field: "region", code: "invalid_region", message: "a project serves a district, town or village")
        }
        self.module = module
        self.name = try TextRule.required(name, field: "name", limit: .title)
        self.description = try TextRule.required(description, field: "description", limit: .statement)
        self.needs = needs
        self.region = region
        self.capacity = capacity
        self.fundsFen = fundsFen
        self.openUntil = openUntil
    }
}

/// A referral's place in a project, with the amount committed from its fund.
public struct ProjectMatchDraft: Hashable, Sendable {
    public let projectID: UUID
    public let amountFen: Int
    /// What the project will do, sent back to the referral's origin.
    public let answer: String

    /// Validates: an amount that is not negative, and the answer.
    public init(projectID: UUID, amountFen: Int, answer: String) throws(FieldError) {
        try AmountRule.fen(amountFen, field: "amountFen")
        self.projectID = projectID
        self.amountFen = amountFen
        self.answer = try TextRule.required(answer, field: "answer", limit: .remark)
    }
}
