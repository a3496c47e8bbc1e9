import Foundation
import SafetyNetKernel

/// What the demo caseload files, decided up front from the seed: which households apply for
/// what and when, and which needs are referred. How far each gets is decided as it runs.
struct DemoCaseloadPlan: Sendable {
    struct Item: Sendable {
        let type: any AssistanceType
        let personID: UUID?
    }

    struct Case: Sendable {
        let household: DemoHousehold
        let items: [Item]
        let urgency: Urgency
        let appliedAt: Date
        let claim: Claim
        /// What the investigation finds, from the registry.
        let facts: CaseFactsDeclaration
        /// Whether civil affairs makes it a joint case (一事一议).
        let joint: Bool
        let seed: UInt64
    }

    struct Referral: Sendable {
        let household: DemoHousehold
        let need: Need
        let module: ModuleID?
        let sentAt: Date
        /// Whether a visit found the need.
        let fromVisit: Bool
        let seed: UInt64
    }

    /// Applications a year per 789 monitored households (铁力's figures, seed 003), rejections included.
    static let yearlyApplications: [(String, Int)] = [
        ("civil-affairs.dibao", 190), ("civil-affairs.tekun", 14), ("civil-affairs.temporary-relief", 520),
        ("civil-affairs.low-income-edge", 40), ("civil-affairs.expenditure-hardship", 25), ("civil-affairs.child-in-difficulty", 6),
        ("medical-aid.medical-assistance", 110), ("medical-aid.serious-illness", 35), ("education.education-assistance", 60),
        ("employment.employment-assistance", 30), ("employment.public-welfare-post", 12), ("employment.training", 20),
        ("disability.living-subsidy", 30), ("disability.nursing-subsidy", 25), ("disability.rehabilitation-aids", 15),
        ("charity.project-aid", 10),
    ]
    /// Alerts a year per 789 monitored households, each referred once.
    static let yearlyReferrals = 252

    let cases: [Case]
    let referrals: [Referral]
    /// The first day filed: 1 January, or a year back early in the year.
    let yearStart: Date
    let districtCode: RegionCode

    init(district: DemoDistrictData, catalog: AssistanceCatalog, now: Date, seed: UInt64) {
        var random = SeededRandom(seed: seed ^ 0xCA5E_10AD)
        let today = WorkingCalendar.day(of: now)
        let firstDay = CalendarDate(year: today.month < 4 ? today.year - 1 : today.year, month: 1, day: 1)!
        let yearStart = WorkingCalendar.startOfDay(firstDay)
        self.yearStart = yearStart
        districtCode = district.regions[0].code
        let scale = Double(district.monitoredCount) / 789 * now.timeIntervalSince(yearStart) / (365 * 86_400)
        let monitored = district.households.filter { $0.monitoring != nil }
        let pool = monitored.isEmpty ? district.households : monitored
        let instant = { (random: inout SeededRandom) in
            Date(timeIntervalSince1970: Double(random.int(Int(yearStart.timeIntervalSince1970)...Int(now.timeIntervalSince1970) - 3_600)))
        }

        var cases: [Case] = []
        for (typeID, yearly) in Self.yearlyApplications {
            guard let id = AssistanceTypeID(rawValue: typeID), let type = catalog.type(id) else { continue }
            let likely = pool.filter { Self.likelyApplicant($0, for: id, today: today) }
            for _ in 0..<Int((Double(yearly) * scale).rounded()) {
                let household = random.element(!likely.isEmpty && random.chance(0.85) ? likely : pool)
                guard let person = Self.member(for: id, in: household, today: today, random: &random) else { continue }
                let urgency: Urgency = type.allowsUrgentRelief ? random.weighted([(.normal, 80), (.emergency, 17), (.critical, 3)]) : .normal
                var items = [Item(type: type, personID: type.subject == .person ? person.id : nil)]
                if id.module.rawValue == "medical-aid", random.chance(0.3),
                    let relief = catalog.type(AssistanceTypeID(module: ModuleID("civil-affairs"), name: "temporary-relief"))
                {
                    items.append(Item(type: relief, personID: nil))
                }
                let claim = Claim(
                    urgency: urgency, selfPaidMedicalFen: id.module.rawValue == "medical-aid" ? random.int(300...9_000) * 1_000 : nil,
                    costFen: random.int(20...800) * 1_000)
                // One in fifty was filed in the last three days, so some applications still wait for acceptance.
                let appliedAt = random.chance(0.02) ? now.addingTimeInterval(-Double(random.int(600...3 * 86_400))) : instant(&random)
                cases.append(
                    Case(
                        household: household, items: items, urgency: urgency, appliedAt: appliedAt, claim: claim,
                        facts: Self.findings(household, today: today, random: &random),
                        joint: id.rawValue == "medical-aid.serious-illness" && random.chance(0.25),
                        seed: random.next()))
            }
        }
        self.cases = cases.sorted { $0.appliedAt < $1.appliedAt }

        let needs: [(Need, Int)] = [
            (.livelihood, 30), (.medical, 25), (.schooling, 10), (.employment, 10), (.housing, 8), (.elderlyCare, 7), (.disability, 6), (.other, 6),
        ]
        // Named needs no policy covers well (housing, other) go to charity, as 002 describes.
        let uncovered = catalog.uncoveredNeedsDepartment
        referrals = (0..<Int((Double(Self.yearlyReferrals) * scale).rounded())).map { _ in
            let need = random.weighted(needs)
            let named = random.chance(0.6) ? ([.housing, .other].contains(need) ? uncovered : catalog.department(for: need)) : nil
            // One in twenty was sent this week, so the inboxes hold referrals being worked on.
            let sentAt = random.chance(0.05) ? now.addingTimeInterval(-Double(random.int(3_600...5 * 86_400))) : instant(&random)
            return Referral(
                household: random.element(pool), need: need, module: named, sentAt: sentAt, fromVisit: random.chance(0.5), seed: random.next())
        }.sorted { $0.sentAt < $1.sentAt }
    }

    /// Whether the household looks like one that applies for `type`: people mostly apply for what
    /// they may get, so income-tested types draw mostly on low per-capita incomes, tekun on the
    /// old or disabled living alone or in twos. The rules still decide.
    private static func likelyApplicant(_ household: DemoHousehold, for type: AssistanceTypeID, today: CalendarDate) -> Bool {
        let perCapita = household.members.reduce(0) { $0 + $1.monthlyIncomeFen } / household.members.count
        switch type.rawValue {
        case "civil-affairs.tekun":
            return household.members.count <= 2 && perCapita < 72_000
                && household.members.allSatisfy { $0.idNumber.birthDate.wholeYears(until: today) >= 60 || $0.disability != nil }
        case "civil-affairs.dibao", "civil-affairs.child-in-difficulty", "education.education-assistance": return perCapita < 72_000
        case "civil-affairs.low-income-edge", "civil-affairs.temporary-relief", "disability.living-subsidy": return perCapita < 108_000
        default: return true
        }
    }

    /// The member a person-level type is for, or the head; nil when the household has nobody it fits.
    private static func member(for type: AssistanceTypeID, in household: DemoHousehold, today: CalendarDate, random: inout SeededRandom)
        -> DemoPerson?
    {
        let age = { (person: DemoPerson) in person.idNumber.birthDate.wholeYears(until: today) }
        let fits: (DemoPerson) -> Bool
        switch type.rawValue {
        case "education.education-assistance", "civil-affairs.child-in-difficulty": fits = { (6...17).contains(age($0)) }
        case let name where name.hasPrefix("employment."): fits = { (16...59).contains(age($0)) }
        case "disability.nursing-subsidy": fits = { ($0.disability?.grade ?? 9) <= 2 }
        case let name where name.hasPrefix("disability."): fits = { $0.disability != nil }
        default: return household.members[0]
        }
        let candidates = household.members.filter(fits)
        return candidates.isEmpty ? nil : random.element(candidates)
    }

    /// The facts an investigation records: the registry's incomes, and work capacity, self-care
    /// and schooling by age; assets and costs drawn for the household.
    private static func findings(_ household: DemoHousehold, today: CalendarDate, random: inout SeededRandom) -> CaseFactsDeclaration {
        let single = household.members.count == 1
        let members = household.members.map { person in
            let age = person.idNumber.birthDate.wholeYears(until: today)
            let stage: SchoolStage? =
                switch age {
                case 3...5: .preschool
                case 6...11: .primary
                case 12...14: .juniorSecondary
                case 15...17: .seniorSecondary
                default: nil
                }
            return CaseFactsDeclaration.Member(
                personID: person.id, monthlyIncomeFen: person.monthlyIncomeFen,
                workCapacity: person.disability != nil ? .partial : (16...59).contains(age) ? .full : .incapable,
                selfCare: age >= 80 || (person.disability?.grade ?? 9) <= 2 ? .partlyDependent : .independent, schoolStage: stage,
                registeredUnemployed: (16...59).contains(age) && person.monthlyIncomeFen == 0, hasAbleSupporter: !single, lacksParentalCare: false)
        }
        return CaseFactsDeclaration(
            financialAssetsFen: random.int(0...40) * 100_000, vehicles: random.chance(0.1) ? 1 : 0,
            annualRigidExpenditureFen: random.int(0...60) * 100_000, members: members)
    }
}
