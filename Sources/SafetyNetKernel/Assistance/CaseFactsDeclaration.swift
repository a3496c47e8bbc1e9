import Foundation

/// What an application declares (and an investigation verifies) beyond the registry: the
/// household's assets and rigid spending, and per member what the registry does not hold.
public struct CaseFactsDeclaration: Hashable, Sendable, Codable {
    /// What is declared about one member; fields left out keep the registry's value or stay unknown.
    public struct Member: Hashable, Sendable, Codable {
        public var personID: UUID
        public var monthlyIncomeFen: Int?
        public var workCapacity: WorkCapacity?
        public var selfCare: SelfCare?
        public var schoolStage: SchoolStage?
        public var registeredUnemployed: Bool?
        public var hasAbleSupporter: Bool?
        public var lacksParentalCare: Bool?

        /// Creates a member's declaration.
        public init(
            personID: UUID, monthlyIncomeFen: Int? = nil, workCapacity: WorkCapacity? = nil, selfCare: SelfCare? = nil,
            schoolStage: SchoolStage? = nil, registeredUnemployed: Bool? = nil, hasAbleSupporter: Bool? = nil, lacksParentalCare: Bool? = nil
        ) {
            self.personID = personID
            self.monthlyIncomeFen = monthlyIncomeFen
            self.workCapacity = workCapacity
            self.selfCare = selfCare
            self.schoolStage = schoolStage
            self.registeredUnemployed = registeredUnemployed
            self.hasAbleSupporter = hasAbleSupporter
            self.lacksParentalCare = lacksParentalCare
        }
    }

    public var financialAssetsFen: Int?
    public var vehicles: Int?
    public var annualRigidExpenditureFen: Int?
    public var members: [Member]

    /// Creates a declaration.
    public init(financialAssetsFen: Int? = nil, vehicles: Int? = nil, annualRigidExpenditureFen: Int? = nil, members: [Member] = []) {
        self.financialAssetsFen = financialAssetsFen
        self.vehicles = vehicles
        self.annualRigidExpenditureFen = annualRigidExpenditureFen
        self.members = members
    }

    /// Checks amounts and that every member named belongs to `household` (the registry's members).
    public func validate(against household: [MemberFacts]) throws(FieldError) {
        for (field, value) in [("financialAssetsFen", financialAssetsFen), ("annualRigidExpenditureFen", annualRigidExpenditureFen)] {
            if let value { try AmountRule.fen(value, field: "facts.\(field)") }
        }
        if let vehicles, !(0...100).contains(vehicles) {
            throw FieldError(field: "facts.vehicles", code: "out_of_range", message: "facts.vehicles is a count from 0 to 100")
        }
        let known = Set(household.map(\.personID))
        for (index, member) in members.enumerated() {
            guard known.contains(member.personID) else {
                throw FieldError(
                    field: "facts.members[\(index)].personID", code: "not_a_member", message: "this person is not an active member of the household")
            }
            if let income = member.monthlyIncomeFen { try AmountRule.fen(income, field: "facts.members[\(index)].monthlyIncomeFen") }
        }
    }

    /// The household's facts: the registry's members with this declaration laid over them.
    public func facts(registry members: [MemberFacts], categories: Set<MonitoringCategory>) -> HouseholdFacts {
        let declared = Dictionary(self.members.map { ($0.personID, $0) }, uniquingKeysWith: { _, last in last })
        let merged = members.map { member -> MemberFacts in
            guard let declaration = declared[member.personID] else { return member }
            var merged = member
            merged.monthlyIncomeFen = declaration.monthlyIncomeFen ?? member.monthlyIncomeFen
            merged.workCapacity = declaration.workCapacity ?? member.workCapacity
            merged.selfCare = declaration.selfCare ?? member.selfCare
            merged.schoolStage = declaration.schoolStage ?? member.schoolStage
            merged.registeredUnemployed = declaration.registeredUnemployed ?? member.registeredUnemployed
            merged.hasAbleSupporter = declaration.hasAbleSupporter ?? member.hasAbleSupporter
            merged.lacksParentalCare = declaration.lacksParentalCare ?? member.lacksParentalCare
            return merged
        }
        return HouseholdFacts(
            members: merged, financialAssetsFen: financialAssetsFen, vehicles: vehicles,
            annualRigidExpenditureFen: annualRigidExpenditureFen, categories: categories)
    }
}
