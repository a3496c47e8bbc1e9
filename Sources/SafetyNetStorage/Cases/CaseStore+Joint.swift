import Foundation
import PostgresClient
import SafetyNetKernel

/// 一事一议: the lead opens a joint case on a case, each department answers with its
/// contribution, and the lead concludes it once all have answered.
extension CaseStore {
    /// The check a caller passes before a joint-case step, on the case's grid.
    public typealias AuthorizeCase = @Sendable (RegionCode) throws -> Void

    /// Makes the case joint, asking `draft.departments` to contribute.
    public func openJoint(case id: UUID, _ draft: JointCaseDraft, by actor: Principal, authorize: @escaping AuthorizeCase) async throws -> CaseView {
        for module in draft.departments.sorted() where !catalog.departments.contains(module) {
            throw FieldError(field: "departments", code: "unknown_department", message: "\(module) is not an enabled department")
        }
        return try await jointStep(id, by: actor, authorize: authorize) { joint, now, connection in
            guard joint == nil else { throw JointCaseError.alreadyJoint }
            let open = try connection.query("SELECT count(*) AS open FROM case_item WHERE case_id = \(id) AND state <> 'closed'")
            guard try open[0].decode("open", as: Int.self) > 0 else { throw JointCaseError.caseClosed }
            try connection.query(
                """
                INSERT INTO joint_case (case_id, lead_module, reason, opened_by, opened_at) VALUES (\(id),
                                                                                                    \(catalog.leadModule?.rawValue ?? ModuleID.kernel.rawValue),
                                                                                                    \(draft.reason), \(actor.id), \(now))
                """)
            for module in draft.departments {
                try connection.query("INSERT INTO joint_contribution (case_id, module_id) VALUES (\(id), \(module))")
            }
            let names = draft.departments.sorted().map { catalog.departmentName($0) }.joined(separator: "、")
            return ("joint.opened", nil, "启动一事一议，参与部门：\(names)；事由：\(draft.reason)")
        }
    }

    /// Records one department's contribution.
    public func contribute(case id: UUID, _ draft: JointContributionDraft, by actor: Principal, authorize: @escaping AuthorizeCase) async throws
        -> CaseView
    {
        try await jointStep(id, by: actor, authorize: authorize) { joint, now, connection in
            guard let joint else { throw JointCaseError.notJoint }
            guard !joint.concluded else { throw JointCaseError.concluded }
            let rows = try connection.query(
                """
                UPDATE joint_contribution SET contribution = \(draft.contribution), amount_fen = \(draft.amountFen),
                                              answered_by = \(actor.id), answered_at = \(now)
                WHERE case_id = \(id) AND module_id = \(draft.module) AND answered_at IS NULL RETURNING module_id
                """)
            guard rows.isEmpty else {
                return (
                    "joint.contribution", draft.module,
                    "\(catalog.departmentName(draft.module))：\(draft.contribution)" + (draft.amountFen.map { "（\(Money.yuan($0)) 元）" } ?? "")
                )
            }
            throw joint.asked.contains(draft.module) ? JointCaseError.alreadyAnswered(draft.module) : JointCaseError.notAParticipant(draft.module)
        }
    }

    /// Concludes the joint case; refused while a department has not answered.
    public func concludeJoint(case id: UUID, conclusion: String, by actor: Principal, authorize: @escaping AuthorizeCase) async throws -> CaseView {
        let conclusion = try TextRule.required(conclusion, field: "conclusion", limit: .statement)
        return try await jointStep(id, by: actor, authorize: authorize) { joint, now, connection in
            guard let joint else { throw JointCaseError.notJoint }
            guard !joint.concluded else { throw JointCaseError.concluded }
            guard joint.pending.isEmpty else { throw JointCaseError.pending(joint.pending) }
            try connection.query(
                """
                UPDATE joint_case SET conclusion = \(conclusion), concluded_by = \(actor.id), concluded_at = \(now) WHERE case_id = \(id)
                """)
            return ("joint.concluded", nil, "一事一议办结：\(conclusion)")
        }
    }

    /// Where a joint case stands, as its steps need it.
    struct JointState {
        let asked: Set<ModuleID>
        let pending: [ModuleID]
        let concluded: Bool
    }

    /// Locks the case, authorizes, reads the joint state, runs `body` and records the event it names.
    private func jointStep(
        _ id: UUID, by actor: Principal, authorize: @escaping AuthorizeCase,
        body: @Sendable @escaping (JointState?, Date, PostgresConnection) throws -> (kind: String, module: ModuleID?, summary: String)
    ) async throws -> CaseView {
        try await pool.transaction { connection in
            let rows = try connection.query(
                """
                SELECT c.household_id, c.grid_code, j.concluded_at IS NOT NULL AS concluded, j.case_id IS NOT NULL AS joint
                FROM assistance_case c LEFT JOIN joint_case j ON j.case_id = c.id WHERE c.id = \(id) FOR NO KEY UPDATE OF c
                """)
            guard let row = rows.first else { throw CaseError.notFound }
            let grid = try row.decode("grid_code", as: RegionCode.self)
            try authorize(grid)
            var joint: JointState?
            if try row.decode("joint", as: Bool.self) {
                let contributions = try connection.query(
                    """
                    SELECT module_id, answered_at IS NULL AS pending FROM joint_contribution WHERE case_id = \(id) ORDER BY module_id
                    """)
                let modules = try contributions.map { (try $0.decode("module_id", as: ModuleID.self), try $0.decode("pending", as: Bool.self)) }
                joint = JointState(asked: Set(modules.map(\.0)), pending: modules.filter(\.1).map(\.0), concluded: try row.decode("concluded"))
            }
            let now = clock.now()
            let step = try body(joint, now, connection)
            let subject = ChainSubject(householdID: try row.decode("household_id"), gridCode: grid, module: step.module, caseID: id)
            try AssistanceEvents.record(step.kind, subject, actor: actor, at: now, summary: step.summary, on: connection)
        }
        return try await view(id, visibleTo: actor.departmentFilter).required(or: CaseError.notFound)
    }
}
