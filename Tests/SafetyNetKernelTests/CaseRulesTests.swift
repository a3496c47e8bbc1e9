import Foundation
import SafetyNetKernel
import Testing

@Suite("Case workflow, time limits and settings")
struct CaseRulesTests {
    let calendar = StatutoryHolidays.calendar()

    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("the ordinary path, and what it refuses")
    func ordinaryPath() throws {
        var state = CaseItemState.applied
        for action in [CaseAction.accept, .investigate, .submitFindings, .forward, .approve, .pay, .pay, .followUp, .pay, .close] {
            state = try CaseWorkflow.apply(action, to: state, urgent: false)
        }
        #expect(state == .closed)
        let early = #expect(throws: WorkflowError.self) { try CaseWorkflow.apply(.approve, to: .accepted, urgent: false) }
        #expect(early?.code == "invalid_transition")
        let twice = #expect(throws: WorkflowError.self) { try CaseWorkflow.apply(.approve, to: .approved, urgent: false) }
        #expect(twice?.code == "already_decided")
        let unapproved = #expect(throws: WorkflowError.self) { try CaseWorkflow.apply(.pay, to: .reviewing, urgent: false) }
        #expect(unapproved?.code == "not_approved")
        #expect(throws: WorkflowError.self) { try CaseWorkflow.apply(.reject, to: .approved, urgent: false) }
    }

    @Test("urgent items may be approved straight after acceptance (relief first, papers after)")
    func urgentPath() throws {
        #expect(try CaseWorkflow.apply(.approve, to: .accepted, urgent: true) == .approved)
        #expect(try CaseWorkflow.apply(.reject, to: .applied, urgent: false) == .rejected)
        #expect(try CaseWorkflow.apply(.withdraw, to: .investigating, urgent: false) == .closed)
    }

    @Test("3 and 20 working days from acceptance across the 2025 Spring Festival")
    func springFestival2025() {
        // Accepted Friday 2025-01-24: Sunday 26 is worked, 28 Jan – 4 Feb are off, Saturday 8 Feb is worked.
        let accepted = instant("2025-01-24T10:00:00+08:00")
        let limits = CaseTimeLimits.statutory
        #expect(limits.investigation.due(from: accepted, calendar: calendar) == instant("2025-02-06T00:00:00+08:00"))
        #expect(limits.decision.due(from: accepted, calendar: calendar) == instant("2025-02-28T00:00:00+08:00"))
    }

    @Test("5 working days across the 2025 National Day holiday")
    func nationalDay2025() {
        // Accepted Friday 2025-09-26: Sunday 28 Sep is worked, 1–8 Oct are off, Saturday 11 Oct is worked.
        let accepted = instant("2025-09-26T16:00:00+08:00")
        #expect(TimeLimit.workingDays(5).due(from: accepted, calendar: calendar) == instant("2025-10-11T00:00:00+08:00"))
    }

    @Test("the 24-hour and 2-hour paths ignore the calendar")
    func hourPaths() {
        let applied = instant("2025-01-31T23:30:00+08:00")  // inside the Spring Festival
        #expect(CaseTimeLimits.statutory.emergencyRelief.due(from: applied, calendar: calendar) == instant("2025-02-01T23:30:00+08:00"))
        #expect(CaseTimeLimits.statutory.criticalRelief.due(from: applied, calendar: calendar) == instant("2025-02-01T01:30:00+08:00"))
    }

    @Test("2026 schedule: the Spring Festival week is off and the Saturdays around it are worked")
    func schedule2026() {
        #expect(!calendar.isWorkingDay(CalendarDate(year: 2026, month: 2, day: 16)!))
        #expect(calendar.isWorkingDay(CalendarDate(year: 2026, month: 2, day: 14)!))
        #expect(calendar.isWorkingDay(CalendarDate(year: 2026, month: 2, day: 28)!))
        #expect(!calendar.isWorkingDay(CalendarDate(year: 2026, month: 10, day: 7)!))
        #expect(calendar.isWorkingDay(CalendarDate(year: 2026, month: 10, day: 10)!))
    }

    @Test("settings: districts change limits and figures; unknown keys and values out of range are refused")
    func settings() throws {
        let type = AssistanceTypeID(rawValue: "civil-affairs.dibao")!
        let known = CaseTimeLimits.parameters(for: type) + DistrictParameters.all
        let settings = try AssistanceSettings(
            parsing: """
                # our district
                civil-affairs.dibao.decisionWorkingDays = 15
                district.dibaoStandardFen = 75_000
                """, known: known)
        #expect(CaseTimeLimits(for: type, settings: settings).decision == .workingDays(15))
        #expect(CaseTimeLimits(for: type, settings: settings).investigation == .workingDays(3))
        #expect(settings.value(DistrictParameters.dibaoStandard) == 75_000)
        let unknown = #expect(throws: FieldError.self) { try AssistanceSettings(parsing: "civil-affairs.dibao.nonsense = 1", known: known) }
        #expect(unknown?.code == "unknown_setting")
        let outOfRange = #expect(throws: FieldError.self) { try AssistanceSettings(["civil-affairs.dibao.decisionWorkingDays": 0], known: known) }
        #expect(outOfRange?.code == "out_of_range")
        #expect(throws: FieldError.self) { try AssistanceSettings(parsing: "district.dibaoStandardFen 75000", known: known) }
    }

    @Test("referrals escalate village → town → district → district lead, and then stop")
    func escalation() {
        #expect(HandlingLevel.village.escalation == .town)
        #expect(HandlingLevel.district.escalation == .districtLead)
        #expect(HandlingLevel.districtLead.escalation == nil)
        #expect(ReferralWorkflow.next(after: .resolve, from: .declined) == nil)
        #expect(ReferralWorkflow.next(after: .readdress, from: .handedBack) == .sent)
    }
}
