import Foundation
import Logging
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage

/// A year of the closed loop for the demo district, shaped like 铁力's county figures (seed 003:
/// 789 monitored, 155 new dibao, 9 tekun, 476 temporary reliefs, 252 alerts) scaled to the
/// district's monitored households. Every case and referral goes through the real stores on a
/// clock stepped from its filing day, so states, limits, payments and the chain are what the
/// server itself would have written; cases filed lately are still in progress, and a few were
/// left unattended, so the overdue list and the escalations are not empty.
public struct DemoCaseload: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog
    let calendar: CalendarBook
    let logger: Logger

    /// What a load did.
    public struct Report: Sendable {
        public let cases: Int, referrals: Int
        /// The first day filed.
        public let from: CalendarDate
        public let duration: Duration
    }

    /// Creates the loader.
    public init(pool: ConnectionPool, catalog: AssistanceCatalog, calendar: CalendarBook, logger: Logger = Logger(label: "safetynet.demo")) {
        self.pool = pool
        self.catalog = catalog
        self.calendar = calendar
        self.logger = logger
    }

    /// Files the year up to `now` for `generator`'s district (loaded already, with the demo
    /// accounts) unless the database holds cases, or holds another district than the generator's
    /// (loaded with other options); nil when it did nothing.
    public func loadIfEmpty(_ generator: DemoDistrictGenerator, now: Date = Date()) async throws -> Report? {
        let state = try await pool.query(
            """
            SELECT EXISTS (SELECT 1 FROM assistance_case) AS loaded, (SELECT count(*) FROM household) AS households
            """)[0]
        guard try !state.decode("loaded", as: Bool.self) else { return nil }
        guard try state.decode("households", as: Int.self) == generator.householdCount else {
            logger.warning("the database holds another district than --households and --seed describe; no caseload filed")
            return nil
        }
        let start = ContinuousClock.now
        let staff = try await DemoStaff.load(from: pool, lead: catalog.leadModule)
        let plan = DemoCaseloadPlan(district: generator.generate(), catalog: catalog, now: now, seed: generator.seed)
        try await createProjects(plan, staff: staff, now: now)
        try await run(plan.cases.count, width: 6, filing: "cases") { index in
            try await DemoCaseRun(plan: plan.cases[index], loader: self, staff: staff, now: now).run()
        }
        try await run(plan.referrals.count, width: 6, filing: "referrals") { index in
            try await DemoReferralRun(plan: plan.referrals[index], loader: self, staff: staff, now: now).run()
        }
        // The first sweep, at the same instant the caseload was filed up to: marks what is overdue, escalates what went unanswered.
        let sweep = try await DeadlineSweep(referrals: referralStore(clock: SteppingClock(start: now, end: now))).run()
        try await pool.analyzeAfterBulkLoad()
        let report = Report(
            cases: plan.cases.count, referrals: plan.referrals.count, from: WorkingCalendar.day(of: plan.yearStart),
            duration: ContinuousClock.now - start)
        logger.info(
            "loaded the demo caseload",
            metadata: [
                "cases": "\(report.cases)", "referrals": "\(report.referrals)", "overdue": "\(sweep.overdue)", "escalated": "\(sweep.escalated)",
                "seconds": "\(report.duration)",
            ])
        return report
    }

    func caseStore(clock: any WallClock) -> CaseStore { CaseStore(pool: pool, catalog: catalog, calendar: calendar, clock: clock) }
    func referralStore(clock: any WallClock) -> ReferralStore { ReferralStore(pool: pool, catalog: catalog, calendar: calendar, clock: clock) }

    /// Charity's projects, open from the start of the year.
    private func createProjects(_ plan: DemoCaseloadPlan, staff: DemoStaff, now: Date) async throws {
        guard let charity = staff.officer(of: ModuleID("charity")), catalog.departments.contains(charity.department!) else { return }
        let store = ProjectStore(referrals: referralStore(clock: SteppingClock(start: plan.yearStart, end: now)))
        let district = plan.districtCode
        for (name, description, needs, capacity, funds) in [
            ("安居助困", "危房修缮和取暖补助", [Need.housing, .other], 40, 30_000_000),
            ("助学圆梦", "困难学生学习用品和交通补助", [.schooling, .other], 80, 12_000_000),
            ("大病关爱", "政策报销后仍有困难的大病家庭", [.medical, .other], 30, 40_000_000),
        ] {
            _ = try await store.create(
                try ProjectDraft(
                    module: charity.department!, name: name, description: description, needs: Set(needs), region: district,
                    capacity: capacity, fundsFen: funds, openUntil: nil), by: charity)
        }
    }

    /// Runs `work(0..<count)` with at most `width` at a time, saying every ten seconds how far
    /// the filing of `what` has come, so a large district's load does not look stuck.
    private func run(_ count: Int, width: Int, filing what: String, _ work: @Sendable @escaping (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            var done = 0
            var lastReport = ContinuousClock.now
            while next < min(width, count) {
                let index = next
                group.addTask { try await work(index) }
                next += 1
            }
            while try await group.next() != nil {
                done += 1
                if ContinuousClock.now - lastReport >= .seconds(10) {
                    lastReport = ContinuousClock.now
                    logger.info("filing the demo caseload", metadata: ["\(what)": "\(done) of \(count)"])
                }
                guard next < count else { continue }
                let index = next
                group.addTask { try await work(index) }
                next += 1
            }
        }
    }
}

/// The demo accounts as the principals the caseload acts as.
struct DemoStaff: Sendable {
    let byLogin: [String: Principal]
    let lead: ModuleID?

    static func load(from pool: ConnectionPool, lead: ModuleID?) async throws -> DemoStaff {
        let ids = try await pool.query("SELECT id, login FROM app_user WHERE login = ANY(\(DemoAccounts.entries.map(\.login)))")
        var byLogin: [String: Principal] = [:]
        for row in ids {
            let login: String = try row.decode("login")
            guard let entry = DemoAccounts.entries.first(where: { $0.login == login }) else { continue }
            byLogin[login] = Principal(id: try row.decode("id"), name: login, role: entry.role, scope: entry.scope, department: entry.department)
        }
        return DemoStaff(byLogin: byLogin, lead: lead)
    }

    subscript(_ login: String) -> Principal { byLogin[login]! }

    /// The department's officer, if the demo has one.
    func officer(of module: ModuleID) -> Principal? { byLogin.values.first { $0.role == .departmentOfficer && $0.department == module } }

    /// The account `login` when its scope holds `grid`, else district civil affairs: the demo has
    /// one grid worker, village and town, and acts for the rest of the district as the district.
    func local(_ login: String, for grid: RegionCode) -> Principal {
        let account = self[login]
        return account.scope.contains(grid) ? account : self["civil"]
    }

    /// Who decides `type`: the town for town-level types, district civil affairs for the lead's, else the department's officer.
    func decider(of type: any AssistanceType, grid: RegionCode) -> Principal {
        if type.decisionLevel == .town { return local("town", for: grid) }
        if type.id.module == lead { return self["civil"] }
        return officer(of: type.id.module) ?? self["civil"]
    }

    /// Who answers a referral at `address` for a household in `grid`.
    func answerer(of address: ReferralAddress, grid: RegionCode) -> Principal {
        switch address.level {
        case .village: return local("village", for: grid)
        case .town: return local("town", for: grid)
        case .district, .districtLead:
            return address.level == .districtLead || address.module == lead ? self["civil"] : address.module.flatMap(officer(of:)) ?? self["civil"]
        }
    }
}
