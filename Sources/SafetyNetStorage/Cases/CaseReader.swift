import Foundation
import PostgresClient
import SafetyNetKernel

/// Reads cases into views: the case row, its items, their deadlines and what was paid.
struct CaseReader {
    let catalog: AssistanceCatalog
    let now: Date

    func view(_ id: UUID, module: ModuleID?, on connection: PostgresConnection) throws -> CaseView? {
        let rows = try connection.query(
            """
            SELECT c.*, u.login FROM assistance_case c JOIN app_user u ON u.id = c.filed_by WHERE c.id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let items = try self.items(ofCase: id, module: module, on: connection)
        let joint = try self.joint(ofCase: id, on: connection)
        if let module, items.isEmpty, !(joint?.contributions.contains { $0.module == module } ?? false) { return nil }
        return CaseView(
            id: id, householdID: try row.decode("household_id"), gridCode: try row.decode("grid_code", as: RegionCode.self),
            urgency: try row.decode("urgency", as: Urgency.self), description: try row.decode("description"),
            applicantPersonID: try row.decode("applicant_person_id", as: UUID?.self), onBehalf: try row.decode("on_behalf"),
            filedBy: try row.decode("login"), appliedAt: try row.decode("applied_at"),
            facts: try row.decode("facts", as: PostgresJSON.self).decode(CaseFactsDeclaration.self),
            claim: try row.decode("claim", as: PostgresJSON.self).decode(Claim.self), items: items, joint: joint)
    }

    private func joint(ofCase id: UUID, on connection: PostgresConnection) throws -> JointCaseView? {
        guard let row = try connection.query("SELECT * FROM joint_case WHERE case_id = \(id)").first else { return nil }
        let contributions = try connection.query(
            """
            SELECT j.*,
                   u.login FROM joint_contribution j LEFT JOIN app_user u ON u.id = j.answered_by WHERE j.case_id = \(id) ORDER BY j.module_id
            """
        ).map { row in
            JointCaseView.Contribution(
                module: try row.decode("module_id", as: ModuleID.self), contribution: try row.decode("contribution", as: String?.self),
                amountFen: try row.decode("amount_fen", as: Int?.self), answeredBy: try row.decode("login", as: String?.self),
                answeredAt: try row.decode("answered_at", as: Date?.self))
        }
        return JointCaseView(
            leadModule: try row.decode("lead_module", as: ModuleID.self), reason: try row.decode("reason"), openedAt: try row.decode("opened_at"),
            contributions: contributions, conclusion: try row.decode("conclusion", as: String?.self),
            concludedAt: try row.decode("concluded_at", as: Date?.self))
    }

    private func items(ofCase id: UUID, module: ModuleID?, on connection: PostgresConnection) throws -> [CaseItemView] {
        let ofModule: SQL = module.map { "AND i.module_id = \($0)" } ?? ""
        let rows = try connection.query(
            """
            SELECT i.*, (SELECT coalesce(sum(amount_fen), 0)::bigint FROM payment p WHERE p.case_item_id = i.id) AS paid_fen
            FROM case_item i WHERE i.case_id = \(id) \(ofModule) ORDER BY i.assistance_type, i.id
            """)
        let deadlines = try self.deadlines(ofCase: id, on: connection)
        return try rows.map { row in
            let itemID: UUID = try row.decode("id")
            let typeID = try row.decode("assistance_type", as: AssistanceTypeID.self)
            return CaseItemView(
                id: itemID, type: typeID, typeName: catalog.type(typeID)?.chineseName ?? typeID.rawValue, module: typeID.module,
                personID: try row.decode("person_id", as: UUID?.self), state: try row.decode("state", as: CaseItemState.self),
                urgent: try row.decode("urgent"), forwardedAt: try row.decode("forwarded_at", as: Date?.self),
                decidedAt: try row.decode("decided_at", as: Date?.self), benefit: try Self.benefit(row),
                fundingLine: try row.decode("funding_line", as: String?.self), rejection: try Self.rejection(row),
                papersCompletedAt: try row.decode("papers_completed_at", as: Date?.self), paidFen: try row.decode("paid_fen"),
                deadlines: deadlines[itemID] ?? [])
        }
    }

    private func deadlines(ofCase id: UUID, on connection: PostgresConnection) throws -> [UUID: [DeadlineView]] {
        let rows = try connection.query(
            """
            SELECT d.case_item_id, d.kind, d.due_at, d.met_at, d.outcome, d.provisional FROM deadline d JOIN case_item i ON i.id = d.case_item_id
            WHERE i.case_id = \(id) ORDER BY d.due_at
            """)
        var byItem: [UUID: [DeadlineView]] = [:]
        for row in rows {
            let due: Date = try row.decode("due_at")
            let met = try row.decode("met_at", as: Date?.self)
            let outcome = try row.decode("outcome", as: DeadlineOutcome?.self)
            let late = met.map { outcome == .met && $0 > due } ?? (now > due)
            byItem[try row.decode("case_item_id"), default: []].append(
                DeadlineView(
                    kind: try row.decode("kind", as: DeadlineKind.self), dueAt: due, metAt: met, outcome: outcome, isOverdue: late,
                    isProvisional: try row.decode("provisional")))
        }
        return byItem
    }

    private static func benefit(_ row: PostgresRow) throws -> BenefitProposal? {
        guard let amount = try row.decode("amount_fen", as: Int?.self), let period = try row.decode("period", as: String?.self) else { return nil }
        return BenefitProposal(
            amountFen: amount, period: BenefitPeriod(rawValue: period) ?? .once, working: try row.decode("working", as: String?.self) ?? "")
    }

    private static func rejection(_ row: PostgresRow) throws -> RejectionView? {
        guard let reason = try row.decode("rejection_reason", as: String?.self) else { return nil }
        return RejectionView(
            code: try row.decode("rejection_code", as: String?.self), reason: reason,
            basis: try row.decode("rejection_basis"), notice: try row.decode("notice"))
    }
}
