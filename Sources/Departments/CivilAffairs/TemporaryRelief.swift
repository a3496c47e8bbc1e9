import SafetyNetKernel

/// 临时救助, including 急难 relief: for a sudden cost or loss the household cannot meet. On the
/// ordinary path the household's per-capita income must be below a multiple of the dibao
/// standard; on the urgent paths (emergency, critical) relief comes first and the income test is
/// waived. The amount is the cost, capped at a number of months of the standard; a second relief
/// in a year needs a heavy cost (002: 对花费较多、困难程度严重的，可给予二次临时救助).
public struct TemporaryRelief: AssistanceType {
    public let id = AssistanceTypeID.civilAffairs("temporary-relief")
    public let chineseName = "临时救助"
    public let englishName = "Temporary relief (incl. emergency relief)"
    public let subject = AssistanceSubject.household
    public let decisionLevel = DecisionLevel.town
    public let allowsUrgentRelief = true
    public let fundingLine = "临时救助资金(乡镇备用金)"
    public let requiredDocuments = ["申请书", "居民身份证", "困难情况说明", "费用或损失凭证"]

    let incomeMultiple: AssistanceParameter
    let capMonths: AssistanceParameter
    let urgentCapMonths: AssistanceParameter
    let heavyCost: AssistanceParameter
    let maxPerYear: AssistanceParameter

    /// Creates the type.
    public init() {
        incomeMultiple = AssistanceParameter(
            key: "\(id).incomeLineBP", chineseName: "临时救助收入线（占低保标准万分比）", defaultValue: 20_000, unit: .basisPoints, range: 10_000...50_000,
            summary: "ordinary path: per-capita income below this share of the dibao standard")
        capMonths = AssistanceParameter(
            key: "\(id).capMonths", chineseName: "一般临时救助上限（月低保标准倍数）", defaultValue: 6, unit: .months, range: 1...36,
            summary: "ordinary relief at most this many months of the standard per household")
        urgentCapMonths = AssistanceParameter(
            key: "\(id).urgentCapMonths", chineseName: "急难临时救助上限（月低保标准倍数）", defaultValue: 12, unit: .months, range: 1...60,
            summary: "emergency and critical relief at most this many months of the standard")
        heavyCost = AssistanceParameter(
            key: "\(id).heavyCostFen", chineseName: "二次临时救助支出门槛（元）", defaultValue: 2_000_000, unit: .fen,
            summary: "a second relief in the same year needs a cost of at least this (二次临时救助)")
        maxPerYear = AssistanceParameter(
            key: "\(id).maxPerYear", chineseName: "每户每年临时救助次数上限（次）", defaultValue: 2, unit: .count, range: 1...12,
            summary: "reliefs per household per calendar year")
    }

    public var parameters: [AssistanceParameter] {
        [DistrictParameters.dibaoStandard, incomeMultiple, capMonths, urgentCapMonths, heavyCost, maxPerYear]
    }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            guard let cost = input.claim.costFen, cost > 0 else {
                throw .missing("claim.costFen", "state the cost or loss the relief is for, in fen")
            }
            try requireRoomThisYear(input.history, cost: cost, settings: settings)
            let standard = settings.value(DistrictParameters.dibaoStandard)
            let urgent = input.claim.urgency != .normal
            if !urgent {
                _ = try IncomeTests.requireBelow(
                    input.household, standard: standard, multiplierBP: settings.value(incomeMultiple),
                    code: "income_above_relief_line", line: "临时救助收入标准",
                    basis: "《社会救助暂行办法》第四十七条")
            }
            let months = settings.value(urgent ? urgentCapMonths : capMonths)
            let cap = standard * months
            return BenefitProposal(
                amountFen: min(cost, cap), period: .once,
                working: "费用或损失\(Money.yuan(cost))元，最高不超过\(months)个月低保标准\(Money.yuan(cap))元")
        }
    }

    private func requireRoomThisYear(_ history: AssistanceHistory, cost: Int, settings: AssistanceSettings) throws(AssessmentStop) {
        guard history.grantsThisYear > 0 else { return }
        let basis = "济政字〔2021〕16号 三(四)1: 对花费较多、困难程度严重的，可给予二次临时救助"
        guard history.grantsThisYear < settings.value(maxPerYear) else {
            throw .notMet("relief_limit_reached", "本年度已获临时救助\(history.grantsThisYear)次", basis: basis)
        }
        let heavy = settings.value(heavyCost)
        guard cost >= heavy else {
            throw .notMet("second_relief_needs_heavy_cost", "本年度再次临时救助须费用不低于\(Money.yuan(heavy))元，本次为\(Money.yuan(cost))元", basis: basis)
        }
    }
}
