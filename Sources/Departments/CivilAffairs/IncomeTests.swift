import SafetyNetKernel

/// The household income and asset tests the civil-affairs types share.
enum IncomeTests {
    /// Total monthly income, checked to lie strictly below `multiplierBP`/10000 of the standard per member.
    static func requireBelow(
        _ household: HouseholdFacts, standard: Int, multiplierBP: Int = 10_000, code: String, line: String, basis: String
    ) throws(AssessmentStop) -> Int {
        let members = try requireMembers(household)
        let total = try household.totalMonthlyIncome()
        // total / members < standard × multiplier, in integers.
        guard total * 10_000 < standard * multiplierBP * members else {
            throw .notMet(code, "per-capita monthly income \(Money.yuan(total / members)) is not below \(line) \(Money.yuan(standard * multiplierBP / 10_000))", basis: basis)
        }
        return total
    }

    /// The household's members, which must not be none.
    static func requireMembers(_ household: HouseholdFacts) throws(AssessmentStop) -> Int {
        guard !household.members.isEmpty else { throw .missing("members", "the household has no active members") }
        return household.members.count
    }

    /// The asset test: financial assets at most `months` standards per member, and no more vehicles than allowed.
    static func requireAssets(_ household: HouseholdFacts, standard: Int, months: Int, vehiclesAllowed: Int, basis: String) throws(AssessmentStop) {
        guard let assets = household.financialAssetsFen else {
            throw .missing("financialAssetsFen", "record the household's savings, deposits and securities (0 when there are none)")
        }
        guard let vehicles = household.vehicles else { throw .missing("vehicles", "record how many motor vehicles the household owns") }
        let limit = standard * months * household.members.count
        guard assets <= limit else {
            throw .notMet("assets_above_limit", "financial assets \(Money.yuan(assets)) exceed \(months) months of the standard for \(household.members.count) members, \(Money.yuan(limit))", basis: basis)
        }
        guard vehicles <= vehiclesAllowed else {
            throw .notMet("vehicle_owned", "the household owns \(vehicles) motor vehicle(s); at most \(vehiclesAllowed) allowed", basis: basis)
        }
    }
}

/// Keys of the civil-affairs types' settings.
extension AssistanceTypeID {
    static func civilAffairs(_ name: String) -> AssistanceTypeID { AssistanceTypeID(module: CivilAffairsModule.id, name: name) }
}
