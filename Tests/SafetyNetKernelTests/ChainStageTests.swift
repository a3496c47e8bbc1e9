import Foundation
import SafetyNetKernel
import Testing

@Suite("Chain stages and follow-up visits")
struct ChainStageTests {
    @Test("each event kind falls in its stage of the chain")
    func stages() {
        let stages = [
            "monitoring.started", "risk.changed", "visit.phone", "referral.sent", "case.applied", "referral.escalated", "case.approve",
            "case.pay", "joint.contribution", "referral.resolve", "case.follow_up", "deadline.overdue",
        ].map { ChainStage(kind: $0) }
        #expect(
            stages == [
                .discovery, .discovery, .verification, .push, .push, .push, .assistance, .assistance, .assistance, .feedback, .feedback, .supervision,
            ])
    }

    @Test("a followed-up household is visited on its interval from the start, or from the last visit since then")
    func followUpDue() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let day: TimeInterval = 86_400
        #expect(VisitPolicy.nextFollowUpVisitDue(intervalDays: 14, lastVisit: nil, followedSince: start) == start + 14 * day)
        // A visit before follow-up began does not count.
        #expect(VisitPolicy.nextFollowUpVisitDue(intervalDays: 14, lastVisit: start - 3 * day, followedSince: start) == start + 14 * day)
        #expect(VisitPolicy.nextFollowUpVisitDue(intervalDays: 14, lastVisit: start + 5 * day, followedSince: start) == start + 19 * day)
    }
}
