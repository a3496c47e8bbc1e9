import Foundation
import PostgresClient
import SafetyNetKernel

/// A payment to record against an approved item.
public struct PaymentDraft: Sendable, Hashable {
    /// The amount in fen.
    public let amountFen: Int
    /// For monthly benefits, the month paid for; otherwise the day paid.
    public let period: CalendarDate
    /// Who receives it; the household's member.
    public let payeePersonID: UUID
    /// The bank or cash reference.
    public let reference: String?

    /// Validates: a positive amount, a reference of at most 100 characters.
    public init(amountFen: Int, period: CalendarDate, payeePersonID: UUID, reference: String?) throws(FieldError) {
        guard amountFen > 0 else { throw FieldError(field: "amountFen", code: "out_of_range", message: "a payment is a positive amount in fen") }
        try AmountRule.fen(amountFen, field: "amountFen")
        if let reference, reference.count > 100 {
            throw FieldError(field: "reference", code: "too_long", message: "reference has at most 100 characters")
        }
        self.amountFen = amountFen
        self.period = period
        self.payeePersonID = payeePersonID
        self.reference = reference
    }
}

extension CaseStore {
    /// Records a payment of an approved item. Monthly benefits are paid once per month at most
    /// the approved amount; one-off and yearly benefits up to the approved total. The first
    /// payment moves the item to disbursing, meets the urgent relief limit and opens the papers limit.
    public func pay(item: UUID, _ draft: PaymentDraft, by actor: Principal, source: String?, authorize: @escaping Authorize) async throws -> CaseView
    {
        try await step(.pay, item: item, by: actor, authorize: authorize) { context, now, connection in
            let row = try connection.query(
                """
                SELECT i.amount_fen, i.period, i.funding_line, i.papers_completed_at,
                       (SELECT coalesce(sum(amount_fen), 0)::bigint FROM payment p WHERE p.case_item_id = i.id) AS paid
                FROM case_item i WHERE i.id = \(item)
                """)[0]
            let approved: Int = try row.decode("amount_fen")
            let period = try row.decode("period", as: BenefitPeriod.self)
            let paid: Int = try row.decode("paid")
            let (start, end) = try Self.coveredDays(draft, period: period, approved: approved, paid: paid)
            guard try Self.members(of: context.householdID, on: connection).contains(where: { $0.personID == draft.payeePersonID }) else {
                throw FieldError(field: "payeePersonID", code: "not_a_member", message: "the payee must be an active member of the household")
            }
            do {
                try connection.query(
                    """
                    INSERT INTO payment (id, case_item_id, amount_fen, period_start, period_end, funding_line, payee_person_id, reference, paid_at, recorded_by)
                    VALUES (\(UUID()), \(item), \(draft.amountFen), \(start), \(end),
                            \(try row.decode("funding_line", as: String.self)), \(draft.payeePersonID), \(draft.reference), \(now),
                            \(actor.id))
                    """)
            } catch let error as PostgresError where error.serverError?.constraint == "payment_one_per_period" {
                throw CaseError.paymentRefused(code: "already_paid", message: "this period is paid already", field: "period")
            }
            if paid == 0 {
                try DeadlineLedger.close([.relief], item: item, at: now, outcome: .met, on: connection)
                if context.urgent, try row.decode("papers_completed_at", as: Date?.self) == nil {
                    try DeadlineLedger.open(
                        .papers, for: context.subject, from: now, limit: catalog.limits(for: context.type).papers,
                        calendar: calendar.current, on: connection)
                }
            }
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "payment.record", entity: "case_item", entityID: item.uuidString,
                    after: try PostgresJSON(encoding: ["amountFen": draft.amountFen])), on: connection)
            let days = start == end ? start.description : "\(start) 至 \(end)"
            return "已发放 \(Money.yuan(draft.amountFen)) 元（\(days)）"
        }
    }

    /// The days a payment covers, or why the approval does not cover it.
    static func coveredDays(_ draft: PaymentDraft, period: BenefitPeriod, approved: Int, paid: Int) throws -> (CalendarDate, CalendarDate) {
        switch period {
        case .recognition:
            throw CaseError.paymentRefused(code: "nothing_to_pay", message: "a recognition carries no money", field: nil)
        case .monthly:
            guard draft.amountFen <= approved else {
                throw CaseError.paymentRefused(code: "above_approved", message: "the approval is \(Money.yuan(approved)) a month", field: "amountFen")
            }
            return (draft.period.firstOfMonth, draft.period.lastOfMonth)
        case .once, .annual:
            guard paid + draft.amountFen <= approved else {
                throw CaseError.paymentRefused(
                    code: "above_approved",
                    message: "the approval is \(Money.yuan(approved)) and \(Money.yuan(paid)) is paid already", field: "amountFen")
            }
            return (draft.period, draft.period)
        }
    }
}
