import SafetyNetKernel

/// Education's alert: a student from a low-income household who receives no education aid.
enum EducationAlerts {
    /// A student without aid this school year whose household is on the ledger as dibao, tekun or low-income edge.
    static let lowIncomeStudentWithoutAid = AlertRule(
        id: AlertRuleID(module: EducationModule.id, name: "low-income-student-without-aid"), chineseName: "低收入家庭学生未享受教育资助",
        meaning: "a student whose household is on the ledger as dibao, tekun or low-income edge received no education aid this school year",
        feed: EducationFeeds.students.id, rows: [.blankOrZero(field: "aidReceived")],
        household: [.monitored(in: [.dibao, .tekun, .lowIncomeEdge])], measure: .fixed(.blue),
        response: AlertResponse(ledger: .monitor(in: []), opens: .application(EducationAssistance().id)))
}
