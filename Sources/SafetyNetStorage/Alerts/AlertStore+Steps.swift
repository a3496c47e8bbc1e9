import Foundation
import PostgresClient
import SafetyNetKernel

extension AlertStore {
    /// The check a caller passes before a step, on the alert as locked: throws to refuse.
    public typealias Authorize = @Sendable (AlertView) throws -> Void

    /// Records the look in the field (入户核实): the visit, its findings, the verification limit met
    /// and the limit to confirm or dismiss it opened.
    public func verify(_ id: UUID, visit: VisitDraft, by actor: Principal, authorize: @escaping Authorize) async throws -> AlertView {
        try await step(id, from: .raised, by: actor, authorize: authorize) { alert, now, connection in
            guard visit.householdID == alert.householdID else {
                throw FieldError(field: "householdID", code: "other_household", message: "the visit must be to the alert's household")
            }
            // A look in the field answers the alert: it takes place after it was raised (5 minutes of clock skew allowed).
            guard visit.visitedAt >= alert.raisedAt.addingTimeInterval(-300) else {
                throw FieldError(
                    field: "visitedAt", code: "before_alert", message: "the visit that verifies an alert takes place after it was raised")
            }
            let recorded = try VisitStore.record(visit, by: actor, source: nil, on: connection)
            let decision = try decisionLimit(from: now, on: connection)
            // The visit also makes good a visit overdue, if the household has such an alert open.
            try Self.verifyOverdueVisitAlerts(by: recorded, by: actor, at: now, except: id, decision: decision, on: connection)
            _ = try Self.markVerified(where: "id = \(id)", by: recorded, actor: actor, at: now, decision: decision, on: connection)
            return "alert.verify"
        }
    }

    /// Confirms a verified alert: the ledger changes the rule declares, at the level confirmed,
    /// and (unless the draft says the household has the help already) the application or
    /// referral the rule calls for, filled in from the alert. `authorize` also sees the grid of
    /// the household the help is opened for.
    public func confirm(
        _ id: UUID, _ draft: AlertConfirmationDraft, by actor: Principal, authorize: @escaping Authorize,
        authorizeOpening: @escaping @Sendable (RegionCode) throws -> Void
    ) async throws -> AlertView {
        try await step(id, from: .verified, by: actor, authorize: authorize) { alert, now, connection in
            let response = catalog.alertRules[alert.rule]?.response ?? AlertResponse(ledger: .unchanged, opens: nil)
            let level = draft.riskLevel ?? alert.level
            var words = ["预警核实属实，已确认：\(draft.note)"]
            if case .monitor(let categories) = response.ledger,
                let entry = try MonitoringStore.record(
                    finding: categories, level: level, reason: "预警核实确认：\(alert.ruleName)", household: alert.householdID, by: actor,
                    at: now, on: connection)
            {
                words.append("监测台账：\(entry.categories.map(\.chineseName).joined(separator: "、"))，风险等级\(entry.riskLevel.chineseName)")
            }
            var subject = alert.subject
            if draft.opensResponse, let opening = response.opens {
                let opened = try open(opening, for: alert, draft, by: actor, at: now, authorize: authorizeOpening, on: connection)
                (subject.caseID, subject.referralID) = (opened.caseID, opened.referralID)
                words.append(opened.words)
            }
            try DeadlineLedger.close(.alert(id), at: now, outcome: .met, on: connection)
            try connection.query(
                """
                UPDATE alert SET status = 'confirmed', decided_at = \(now), decided_by = \(actor.id), decision_note = \(draft.note),
                                 case_id = \(subject.caseID), referral_id = \(subject.referralID), updated_at = \(now)
                WHERE id = \(id)
                """)
            try AssistanceEvents.record("alert.confirmed", subject, actor: actor, at: now, summary: words.joined(separator: "；"), on: connection)
            return "alert.confirm"
        }
    }

    /// Dismisses a verified alert with its reason (核实不属实): nothing else changes, and the same
    /// condition is raised again only if later data show it worse, or, for a person's or
    /// household's condition, new data (another registration, certificate or check).
    public func dismiss(_ id: UUID, reason: String, by actor: Principal, authorize: @escaping Authorize) async throws -> AlertView {
        let reason = try TextRule.required(reason, field: "reason", limit: .remark)
        return try await step(id, from: .verified, by: actor, authorize: authorize) { alert, now, connection in
            try DeadlineLedger.close(.alert(id), at: now, outcome: .met, on: connection)
            try connection.query(
                """
                UPDATE alert SET status = 'dismissed', decided_at = \(now), decided_by = \(actor.id), decision_note = \(reason), updated_at = \(now)
                WHERE id = \(id)
                """)
            try AssistanceEvents.record("alert.dismissed", alert.subject, actor: actor, at: now, summary: "预警核实不属实，已排除：\(reason)", on: connection)
            return "alert.dismiss"
        }
    }

    /// Locks the alert, checks `authorize` and that it stands at `status`, runs `body` (which
    /// returns the audit action), audits the change and reads the alert back.
    private func step(
        _ id: UUID, from status: AlertStatus, by actor: Principal, authorize: @escaping Authorize,
        _ body: @escaping @Sendable (AlertView, Date, PostgresConnection) throws -> String
    ) async throws -> AlertView {
        let now = clock.now()
        return try await pool.transaction { connection in
            let before = try locked(id, on: connection)
            try authorize(before)
            guard before.status == status else { throw AlertError.wrongStatus(before.status, expected: status) }
            let action = try body(before, now, connection)
            let after = try locked(id, on: connection)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: nil, action: action, entity: "alert", entityID: id.uuidString,
                    before: try PostgresJSON(encoding: before.status), after: try PostgresJSON(encoding: after.status)),
                on: connection)
            return after
        }
    }

    /// Files the application or sends the referral `opening` calls for, on the household's behalf.
    private func open(
        _ opening: AlertOpening, for alert: AlertView, _ draft: AlertConfirmationDraft, by actor: Principal, at now: Date,
        authorize: (RegionCode) throws -> Void, on connection: PostgresConnection
    ) throws -> (caseID: UUID?, referralID: UUID?, words: String) {
        let finding =
            (catalog.alertRules[alert.rule]?.finding(
                level: alert.level, amountFen: alert.amountFen, thresholdFen: alert.thresholdFen, year: alert.year) ?? alert.ruleName)
        // What the data and the field found, cut to what a description holds.
        let description = String("数据预警：\(finding)。入户核实：\(alert.verification?.findings ?? "")。确认意见：\(draft.note)".prefix(TextLimit.statement.maximum))
        switch opening {
        case .application(let type, let claim):
            let person = draft.personID ?? alert.personID
            let forPerson = catalog.type(type)?.subject == .person
            guard !forPerson || person != nil else {
                throw FieldError(field: "personID", code: "required", message: "name the member the \(type) application is for")
            }
            let application = try CaseDraft(
                householdID: alert.householdID, items: [CaseDraft.Item(type: type, personID: forPerson ? person : nil)], urgency: draft.urgency,
                description: description, applicantPersonID: person, onBehalf: true,
                facts: CaseFactsDeclaration(),
                claim: Claim(urgency: draft.urgency, selfPaidMedicalFen: claim == .selfPaidMedical ? alert.amountFen : nil))
            let id = try cases.file(application, by: actor, source: nil, at: now, authorize: authorize, on: connection)
            return (id, nil, "已代为提出\(catalog.type(type)?.chineseName ?? type.rawValue)申请")
        case .referral(let need, let module):
            let referral = try ReferralDraft(
                householdID: alert.householdID, personID: draft.personID ?? alert.personID,
                origin: alert.verification.map { .visit($0.visitID) } ?? .manual,
                need: need, description: description, module: module, level: nil)
            let id = try referrals.send(referral, by: actor, at: now, authorize: authorize, on: connection)
            return (nil, id, "已转办\(module.map(catalog.departmentName) ?? need.chineseName)")
        }
    }
}

extension AlertView {
    /// The alert as the chain and the limits see it.
    var subject: ChainSubject { ChainSubject(householdID: householdID, gridCode: gridCode, module: module, alertID: id) }
}
