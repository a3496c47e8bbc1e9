import SafetyNetKernel

/// The disabled persons' federation's alert: a severe disability without the nursing subsidy it
/// entitles the household to (两项补贴).
enum DisabilityAlerts {
    /// A valid certificate of grade 1 or 2 in a household not receiving the nursing subsidy.
    static let severeWithoutNursingSubsidy = AlertRule(
        id: AlertRuleID(module: DisabilityModule.id, name: "severe-without-nursing-subsidy"), chineseName: "重度残疾人未享受护理补贴",
        meaning: "a person holds a valid certificate of a severe disability (grade 1–2) and the household receives no nursing subsidy",
        feed: DisabilityFeeds.certificates.id,
        rows: [.oneOf(field: "grade", codes: ["1", "2"]), .notBeforeToday(field: "validUntil", orBlank: false)],
        household: [.notReceiving([SevereDisabilityNursingSubsidy().id])], measure: .fixed(.yellow),
        response: AlertResponse(ledger: .monitor(in: [.disabled]), opens: .application(SevereDisabilityNursingSubsidy().id)))
}
