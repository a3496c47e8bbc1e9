import SafetyNetKernel

/// The household income and asset tests the civil-affairs types share.
enum IncomeTests {
    /// Total monthly income, checked to lie strictly below `multiplierBP`/10000 of the standard per member;
    /// `line` names that line in Chinese for the reason, e.g. 低保标准.
    static func requireBelow(
        _ household: HouseholdFacts, standard: Int, multiplierBP: Int = 10_000, code: String, line: String, basis: String
    ) throws(AssessmentStop) -> Int {
        let members = try requireMembers(household)
        let total = try household.totalMonthlyIncome()
        // total / members < standard × multiplier, in integers.
        guard total * 10_000 < standard * multiplierBP * members else {
            throw .notMet(code, "家庭月人均收入\(Money.yuan(total / members))元，不低于\(line)\(Money.yuan(standard * multiplierBP / 10_000))元", basis: basis)
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
            throw .notMet(
                "assets_above_limit", "家庭金融资产\(Money.yuan(assets))元，超过\(household.members.count)人\(months)个月低保标准之和\(Money.yuan(limit))元", basis: basis
            )
        }
        guard vehicles <= vehiclesAllowed else {
            throw .notMet("vehicle_owned", "家庭拥有机动车\(vehicles)辆，超过允许的\(vehiclesAllowed)辆", basis: basis)
        }
    }
}

/// Keys of the civil-affairs types' settings.
extension AssistanceTypeID {
    static func civilAffairs(_ name: String) -> AssistanceTypeID { AssistanceTypeID(module: CivilAffairsModule.id, name: name) }
}
