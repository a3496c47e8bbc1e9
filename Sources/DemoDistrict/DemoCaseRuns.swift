import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// Takes one planned case through the stores on its own stepped clock, as far as the time since
/// its filing allows: acceptance, investigation, findings, the rules' decision, payments,
/// follow-up and closing; a few items are left unattended and run past their limits.
struct DemoCaseRun {
    let plan: DemoCaseloadPlan.Case
    let loader: DemoCaseload
    let staff: DemoStaff
    let now: Date

    func run() async throws {
        var random = SeededRandom(seed: plan.seed)
        let clock = SteppingClock(start: plan.appliedAt, end: now)
        let store = loader.caseStore(clock: clock)
        let draft = try CaseDraft(
            householdID: plan.household.id, items: plan.items.map { CaseDraft.Item(type: $0.type.id, personID: $0.personID) }, urgency: plan.urgency,
            description: Self.descriptions[plan.items[0].type.id.module.rawValue] ?? "生活困难，申请救助", applicantPersonID: plan.household.members[0].id,
            onBehalf: random.chance(0.6), facts: CaseFactsDeclaration(), claim: plan.claim)
        let filed = try await store.apply(draft, by: staff.local("grid", for: plan.household.grid), source: "demo") { _ in }
        for planned in plan.items {
            guard let item = filed.items.first(where: { $0.type == planned.type.id }) else { continue }
            try await ItemRun(item: item.id, type: planned.type, urgent: item.urgent, plan: plan, store: store, clock: clock, staff: staff).run(
                &random)
        }
        if plan.joint { try await joint(filed.id, store: store, clock: clock, random: &random) }
    }

    private static let descriptions = [
        "civil-affairs": "家庭收入低于当地标准，生活困难", "medical-aid": "患病住院，自付医疗费用负担重", "education": "子女上学费用负担重",
        "employment": "家庭主要劳动力失业", "disability": "家有残疾人，生活和护理困难", "charity": "突发困难，政策救助后仍有缺口",
    ]

    /// 一事一议 on a costly case still being handled: civil affairs opens it, the departments
    /// answer, most are concluded. A case whose items all closed meanwhile has nothing left to handle.
    private func joint(_ caseID: UUID, store: CaseStore, clock: SteppingClock, random: inout SeededRandom) async throws {
        guard let lead = staff.lead, clock.advance(hours: Double(random.int(24...120))) else { return }
        let departments = Set([lead, ModuleID("medical-aid"), ModuleID("charity")]).intersection(loader.catalog.departments)
        guard departments.count > 1, let current = try await store.view(caseID, visibleTo: nil),
            current.items.contains(where: { $0.state != .closed })
        else { return }
        _ = try await store.openJoint(
            case: caseID, try JointCaseDraft(reason: "医疗费用高，单项政策不足以解决", departments: departments, leadModule: lead),
            by: staff["civil"]
        ) { _ in }
        for module in departments.sorted() {
            guard clock.advance(hours: Double(random.int(24...96))), let actor = module == lead ? staff["civil"] : staff.officer(of: module) else {
                return
            }
            let amount = module == lead ? nil : random.int(5...50) * 100_000
            _ = try await store.contribute(
                case: caseID,
                try JointContributionDraft(
                    module: module, contribution: Self.contributions[module.rawValue] ?? "参与救助",
                    amountFen: amount), by: actor
            ) { _ in }
        }
        guard clock.advance(hours: 48), random.chance(0.8) else { return }
        _ = try await store.concludeJoint(case: caseID, conclusion: "医保、慈善、民政合力救助，基本生活有保障", by: staff["civil"]) { _ in }
    }

    private static let contributions = [
        "civil-affairs": "纳入临时救助并跟踪帮扶", "medical-aid": "医疗救助按年度上限支付", "charity": "大病慈善项目资助",
    ]
}

/// One item's way through review, decision, payments and follow-up.
private struct ItemRun {
    let item: UUID
    let type: any AssistanceType
    let urgent: Bool
    let plan: DemoCaseloadPlan.Case
    let store: CaseStore
    let clock: SteppingClock
    let staff: DemoStaff

    func run(_ random: inout SeededRandom) async throws {
        let town = staff.local("town", for: plan.household.grid)
        guard clock.advance(hours: Double(random.int(1...30))) else { return }
        _ = try await store.take(.accept, item: item, note: nil, by: town) { _ in }
        if urgent {
            guard clock.advance(hours: random.chance(0.95) ? Double(random.int(1...10)) / (plan.urgency == .critical ? 8 : 1) : 30),
                let benefit = try await decide(), try await payFirst(benefit, &random)
            else { return }
            if clock.advance(hours: Double(random.int(20...100))) { _ = try await store.completePapers(item: item, by: town) { _ in } }
            return try await followUp(benefit, &random)
        }
        if random.chance(0.04) { return }  // left unattended: its limits run out
        if random.chance(0.02) {
            if clock.advance(hours: 48) { _ = try await store.take(.withdraw, item: item, note: "申请人撤回", by: town) { _ in } }
            return
        }
        guard clock.advance(hours: Double(random.int(2...40))) else { return }
        _ = try await store.take(.investigate, item: item, note: nil, by: town) { _ in }
        guard clock.advance(hours: Double(random.int(20...70))) else { return }
        _ = try await store.submitFindings(item: item, facts: plan.facts, note: "入户调查，核对家庭经济状况", by: town) { _ in }
        if type.decisionLevel == .district, clock.advance(hours: Double(random.int(2...48))) {
            _ = try await store.take(.forward, item: item, note: "乡镇初审完毕，报区级审批", by: town) { _ in }
        }
        guard clock.advance(hours: Double(random.int(24...24 * 18))), let benefit = try await decide(), try await payFirst(benefit, &random) else {
            return
        }
        try await followUp(benefit, &random)
    }

    /// Approves with the rules' benefit when they are met, else rejects with their finding (the
    /// rules run at approval, so another case of the household decided meanwhile counts too).
    private func decide() async throws -> BenefitProposal? {
        let decider = staff.decider(of: type, grid: plan.household.grid)
        let refusal: RejectionDraft
        do {
            let approved = try await store.approve(item: item, by: decider, source: "demo") { _ in }
            return approved.items.first { $0.id == item }?.benefit
        } catch CaseError.notEligible(let finding) {
            refusal = try RejectionDraft(code: finding.code, reason: finding.reason, basis: finding.basis, notice: "书面告知申请人")
        } catch CaseError.incompleteFacts(let missing) {
            refusal = try RejectionDraft(
                code: "facts_missing", reason: missing.map(\.message).joined(separator: "；"),
                basis: "《社会救助暂行办法》第五十二条", notice: "书面告知申请人")
        }
        _ = try await store.reject(item: item, refusal, by: decider, source: "demo") { _ in }
        return nil
    }

    /// The first payment; false when there is nothing to pay or no time to pay it.
    private func payFirst(_ benefit: BenefitProposal, _ random: inout SeededRandom) async throws -> Bool {
        let hours = urgent ? Double(random.int(1...6)) / (plan.urgency == .critical ? 12 : 1) : Double(random.int(2...72))
        guard benefit.period != .recognition, benefit.amountFen > 0, clock.advance(hours: hours) else { return false }
        try await pay(benefit)
        return true
    }

    private func pay(_ benefit: BenefitProposal) async throws {
        let draft = try PaymentDraft(
            amountFen: benefit.amountFen, period: WorkingCalendar.day(of: clock.now()), payeePersonID: plan.household.members[0].id,
            reference: "demo")
        _ = try await store.pay(item: item, draft, by: staff.decider(of: type, grid: plan.household.grid), source: "demo") { _ in }
    }

    /// Follow-up for most; a monthly benefit goes on being paid each month until now, a one-off
    /// item is closed at its re-assessment when that has come.
    private func followUp(_ benefit: BenefitProposal, _ random: inout SeededRandom) async throws {
        if random.chance(0.6), clock.advance(hours: Double(random.int(24...200))) {
            _ = try await store.followUp(item: item, by: staff.decider(of: type, grid: plan.household.grid)) { _ in }
        } else if benefit.period != .monthly {
            return
        }
        guard benefit.period == .monthly else {
            if clock.advance(hours: 24 * 183) {
                _ = try await store.take(.close, item: item, note: "复核后办结", by: staff.decider(of: type, grid: plan.household.grid)) { _ in }
            }
            return
        }
        while clock.advanceToNextMonth(day: 5) { try await pay(benefit) }
    }
}

/// Takes one planned referral through the stores: a visit finds the need (for half), the grid
/// worker refers it, and the addressee accepts and answers within days — resolving (charity
/// through a project), declining with a basis, or handing back to be re-addressed. A few are
/// never answered, so the deadline service escalates them.
struct DemoReferralRun {
    let plan: DemoCaseloadPlan.Referral
    let loader: DemoCaseload
    let staff: DemoStaff
    let now: Date

    func run() async throws {
        var random = SeededRandom(seed: plan.seed)
        let clock = SteppingClock(start: plan.sentAt, end: now)
        let store = loader.referralStore(clock: clock)
        var origin = ReferralDraft.Origin.manual
        if plan.fromVisit {
            let draft = try VisitDraft(
                householdID: plan.household.id, kind: .home, visitedAt: clock.now(), findings: "入户走访发现新的困难",
                needs: [plan.need], now: clock.now())
            origin = .visit(
                try await AlertStore(cases: loader.caseStore(clock: clock), referrals: store).recordVisit(
                    draft, by: staff.local("grid", for: plan.household.grid), source: "demo"
                ).id)
            guard clock.advance(hours: 2) else { return }
        }
        let sent = try await store.send(
            try ReferralDraft(
                householdID: plan.household.id, personID: nil, origin: origin, need: plan.need, description: "走访发现\(plan.need.chineseName)方面困难，请协助解决",
                module: plan.module, level: nil), by: staff.local("grid", for: plan.household.grid)
        ) { _ in }
        let answerer = staff.answerer(of: ReferralAddress(module: sent.module, level: sent.level), grid: plan.household.grid)
        guard !random.chance(0.05), clock.advance(hours: Double(random.int(4...30))) else { return }
        _ = try await store.answer(sent.id, try ReferralAnswerDraft(action: .accept, text: nil, basis: nil), by: answerer) { _ in }
        guard clock.advance(hours: Double(random.int(12...150))) else { return }
        switch random.weighted([("resolve", 75), ("decline", 15), ("hand back", 10)]) {
        case "decline":
            _ = try await store.answer(
                sent.id, try ReferralAnswerDraft(action: .decline, text: "经核实不符合救助条件", basis: "《社会救助暂行办法》第十一条"),
                by: answerer
            ) { _ in }
        case "hand back":
            _ = try await store.answer(sent.id, try ReferralAnswerDraft(action: .handBack, text: "不属本部门职责", basis: nil), by: answerer) { _ in }
            if random.chance(0.5), clock.advance(hours: Double(random.int(20...60))) {
                _ = try await store.readdress(sent.id, module: nil, level: .town, by: staff.local("grid", for: plan.household.grid)) { _ in }
            }
        default:
            try await resolve(sent, store: store, answerer: answerer, random: &random)
        }
    }

    /// Charity matches the need to one of its projects with room; everyone else resolves in words.
    private func resolve(_ sent: ReferralView, store: ReferralStore, answerer: Principal, random: inout SeededRandom) async throws {
        let projectStore = ProjectStore(referrals: store)
        if sent.module?.rawValue == "charity", let project = try await projectStore.candidates(for: sent.id, authorize: { _ in }).first,
            project.fundsFen - project.fundsCommittedFen >= 500_000
        {
            let match = try ProjectMatchDraft(projectID: project.id, amountFen: random.int(1...5) * 100_000, answer: "纳入慈善项目资助")
            do {
                _ = try await projectStore.match(referral: sent.id, match, by: answerer) { _ in }
                return
            } catch is ProjectError {
                // Another run took the last place or the funds meanwhile: answer in words instead.
            }
        }
        _ = try await store.answer(sent.id, try ReferralAnswerDraft(action: .resolve, text: "已上门核实并落实帮扶措施", basis: nil), by: answerer) { _ in }
    }
}
