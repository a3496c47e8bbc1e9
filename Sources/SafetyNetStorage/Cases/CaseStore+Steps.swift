import Foundation
import PostgresClient
import SafetyNetKernel

/// The steps of an item's review and decision. Each locks the item, lets `authorize` check the
/// caller against where the item lives, moves the state, settles deadlines and records the step.
extension CaseStore {
    /// The check a caller passes before a step: throws to refuse.
    public typealias Authorize = @Sendable (CaseItemContext) throws -> Void

    /// accept, investigate, forward, withdraw or close: steps that carry only an optional note.
    public func take(_ action: CaseAction, item: UUID, note: String?, by actor: Principal, authorize: @escaping Authorize) async throws -> CaseView {
        try await step(action, item: item, by: actor, authorize: authorize) { context, now, connection in
            let limits = catalog.limits(for: context.type)
            switch action {
            case .accept:
                try connection.query("UPDATE case_item SET accepted_at = \(now) WHERE id = \(item)")
                let calendar = self.calendar.current
                if !context.urgent {
                    try DeadlineLedger.open(
                        .investigation, for: context.subject, from: now, limit: limits.investigation, calendar: calendar, on: connection)
                    try DeadlineLedger.open(.decision, for: context.subject, from: now, limit: limits.decision, calendar: calendar, on: connection)
                }
            case .forward:
                try connection.query("UPDATE case_item SET forwarded_at = \(now) WHERE id = \(item)")
            case .withdraw:
                try DeadlineLedger.close(DeadlineKind.allCases, item: item, at: now, outcome: .cancelled, on: connection)
                try connection.query("UPDATE case_item SET closed_at = \(now) WHERE id = \(item)")
            case .close:
                try DeadlineLedger.close([.reassessment], item: item, at: now, outcome: .met, on: connection)
                try connection.query("UPDATE follow_up SET ended_at = \(now) WHERE case_item_id = \(item) AND ended_at IS NULL")
                try connection.query("UPDATE case_item SET closed_at = \(now) WHERE id = \(item)")
            default:
                break
            }
            return note
        }
    }

    /// The investigation's findings: the verified facts replace the declared ones for the whole case.
    public func submitFindings(item: UUID, facts: CaseFactsDeclaration?, note: String?, by actor: Principal, authorize: @escaping Authorize)
        async throws -> CaseView
    {
        try await step(.submitFindings, item: item, by: actor, authorize: authorize) { context, now, connection in
            if let facts {
                try facts.validate(against: Self.members(of: context.householdID, on: connection))
                try connection.query("UPDATE assistance_case SET facts = \(try PostgresJSON(encoding: facts)) WHERE id = \(context.caseID)")
            }
            try DeadlineLedger.close([.investigation], item: item, at: now, outcome: .met, on: connection)
            return note
        }
    }

    /// What the type's rules say about the item now, without deciding.
    public func assessment(item: UUID, authorize: @escaping Authorize) async throws -> AssessmentView {
        try await pool.withConnection { connection in
            let context = try itemContext(item, lock: false, on: connection)
            try authorize(context)
            let result = try assess(context, now: clock.now(), on: connection)
            switch result {
            case .eligible(let benefit): return AssessmentView(itemID: item, outcome: .eligible, benefit: benefit, finding: nil, missing: [])
            case .ineligible(let finding): return AssessmentView(itemID: item, outcome: .ineligible, benefit: nil, finding: finding, missing: [])
            case .incomplete(let missing): return AssessmentView(itemID: item, outcome: .incomplete, benefit: nil, finding: nil, missing: missing)
            }
        }
    }

    /// Approves with the benefit the rules give; refused when they are not met or facts are missing.
    public func approve(item: UUID, by actor: Principal, source: String?, authorize: @escaping Authorize) async throws -> CaseView {
        try await step(.approve, item: item, by: actor, authorize: authorize) { context, now, connection in
            let type = try catalog.type(context.type).required(or: CaseError.unknownType(context.type, field: "type"))
            let benefit: BenefitProposal
            switch try assess(context, now: now, on: connection) {
            case .eligible(let granted): benefit = granted
            case .ineligible(let finding): throw CaseError.notEligible(finding)
            case .incomplete(let missing): throw CaseError.incompleteFacts(missing)
            }
            try connection.query(
                """
                UPDATE case_item SET decided_at = \(now), decided_by = \(actor.id), amount_fen = \(benefit.amountFen),
                                     period = \(benefit.period), funding_line = \(type.fundingLine), working = \(benefit.working)
                WHERE id = \(item)
                """)
            try DeadlineLedger.close([.investigation, .decision], item: item, at: now, outcome: .met, on: connection)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "case.approve", entity: "case_item", entityID: item.uuidString,
                    after: try PostgresJSON(encoding: benefit)), on: connection)
            return Self.benefitText(benefit)
        }
    }

    /// Rejects with reason, basis and the applicant's notice.
    public func reject(item: UUID, _ rejection: RejectionDraft, by actor: Principal, source: String?, authorize: @escaping Authorize) async throws
        -> CaseView
    {
        try await step(.reject, item: item, by: actor, authorize: authorize) { context, now, connection in
            try connection.query(
                """
                UPDATE case_item SET decided_at = \(now), decided_by = \(actor.id), rejection_code = \(rejection.code),
                                     rejection_reason = \(rejection.reason), rejection_basis = \(rejection.basis),
                                     notice = \(rejection.notice)
                WHERE id = \(item)
                """)
            try DeadlineLedger.close([.decision], item: item, at: now, outcome: .met, on: connection)
            try DeadlineLedger.close([.investigation, .relief], item: item, at: now, outcome: .cancelled, on: connection)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "case.reject", entity: "case_item", entityID: item.uuidString,
                    after: try PostgresJSON(encoding: ["basis": rejection.basis])), on: connection)
            return "理由：\(rejection.reason)；依据：\(rejection.basis)"
        }
    }

    /// Starts follow-up: the household is visited on the configured interval until the re-assessment.
    public func followUp(item: UUID, by actor: Principal, authorize: @escaping Authorize) async throws -> CaseView {
        try await step(.followUp, item: item, by: actor, authorize: authorize) { context, now, connection in
            let interval = catalog.settings.value(FollowUpParameters.visitIntervalDays)
            let months = catalog.settings.value(FollowUpParameters.reassessmentMonths)
            let due = Calendar.chinaStandard.date(byAdding: .month, value: months, to: now) ?? now.addingTimeInterval(Double(months) * 30 * 86_400)
            try connection.query(
                """
                INSERT INTO follow_up (id, case_item_id, household_id, visit_interval_days, started_at, reassessment_due_at)
                VALUES (\(UUID()), \(item), \(context.householdID), \(interval), \(now), \(due))
                """)
            try DeadlineLedger.open(.reassessment, for: context.subject, from: now, due: due, on: connection)
            return "每\(interval)天走访一次，\(months)个月后复核"
        }
    }

    /// Records that an urgent item's papers are complete.
    public func completePapers(item: UUID, by actor: Principal, authorize: @escaping Authorize) async throws -> CaseView {
        let caseID = try await pool.transaction { connection in
            let context = try itemContext(item, lock: true, on: connection)
            try authorize(context)
            let now = clock.now()
            try connection.query(
                """
                UPDATE case_item SET papers_completed_at = \(now), updated_at = \(now) WHERE id = \(item) AND papers_completed_at IS NULL
                """)
            try DeadlineLedger.close([.papers], item: item, at: now, outcome: .met, on: connection)
            try AssistanceEvents.record(
                "case.papers_completed", context.subject, actor: actor, at: now,
                summary: "\(typeName(context))：申请材料已补齐", on: connection)
            return context.caseID
        }
        return try await view(caseID, visibleTo: actor.departmentFilter).required(or: CaseError.notFound)
    }

    /// The skeleton every state change shares. `body` does the step's own writes and returns a note for the chain.
    func step(
        _ action: CaseAction, item: UUID, by actor: Principal, authorize: @escaping Authorize,
        body: @Sendable @escaping (CaseItemContext, Date, PostgresConnection) throws -> String?
    ) async throws -> CaseView {
        let caseID = try await pool.transaction { connection in
            let context = try itemContext(item, lock: true, on: connection)
            try authorize(context)
            let next: CaseItemState
            do throws(WorkflowError) {
                next = try CaseWorkflow.apply(action, to: context.state, urgent: context.urgent)
            } catch { throw CaseError.workflow(error) }
            let now = clock.now()
            let note = try body(context, now, connection)
            try connection.query("UPDATE case_item SET state = \(next), updated_at = \(now) WHERE id = \(item)")
            let summary = "\(typeName(context))：\(action.chineseName)" + (note.map { "——\($0)" } ?? "")
            try AssistanceEvents.record("case.\(action.rawValue)", context.subject, actor: actor, at: now, summary: summary, on: connection)
            return context.caseID
        }
        return try await view(caseID, visibleTo: actor.departmentFilter).required(or: CaseError.notFound)
    }

    func typeName(_ context: CaseItemContext) -> String { catalog.type(context.type)?.chineseName ?? context.type.rawValue }

    /// The approved benefit in words for the chain, e.g. 核定 1000.00 元/月.
    static func benefitText(_ benefit: BenefitProposal) -> String {
        let yuan = Money.yuan(benefit.amountFen)
        switch benefit.period {
        case .monthly: return "核定 \(yuan) 元/月"
        case .annual: return "核定 \(yuan) 元/年"
        case .once: return "核定一次性 \(yuan) 元"
        case .recognition: return "认定(不发放资金)"
        }
    }
}

extension Calendar {
    /// The Gregorian calendar in China Standard Time, for month arithmetic.
    static let chinaStandard: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = WorkingCalendar.chinaStandardTime
        return calendar
    }()
}
