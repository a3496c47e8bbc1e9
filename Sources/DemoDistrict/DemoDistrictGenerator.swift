import Foundation
import SafetyNetKernel

/// Generates a plausible district from a seed: 吉林市昌邑区 with 3 towns/streets, 10
/// villages/communities, at least 40 grids of at most about 500 households each (a grid
/// worker's load), and its households, the same on every run.
public struct DemoDistrictGenerator: Sendable {
    /// The seed; another seed gives another, equally plausible district.
    public var seed: UInt64
    /// How many households to generate.
    public var householdCount: Int
    /// The day ages are computed at, fixed so the output does not depend on the clock.
    public var asOf: CalendarDate

    /// The generator for the standard demo: 20,000 households, about 50,000 persons.
    public init(seed: UInt64 = 2025, householdCount: Int = 20_000, asOf: CalendarDate = .newYear(2026)) {
        self.seed = seed
        self.householdCount = householdCount
        self.asOf = asOf
    }

    /// The district's code, 吉林市昌邑区.
    public static let districtCode = try! RegionCode("220202000000")

    private static let layout: [(town: String, number: Int, villages: [(String, Int)])] = [
        ("文庙街道", 1, [("文庙社区", 1), ("北极社区", 2), ("通江社区", 3), ("东局子社区", 4)]),
        ("延安街道", 2, [("延安社区", 1), ("新地号社区", 2), ("兴华社区", 3)]),
        ("孤店子镇", 100, [("孤店子村", 201), ("大荒地村", 202), ("桦皮厂村", 203)]),
    ]
    /// Households a grid holds at most, about: a larger district gets more grids, not fuller ones.
    static let householdsPerGrid = 500
    private static let roads = ["解放北路", "重庆路", "通江路", "松江东路", "北京路", "延安路", "中兴街", "兴华街", "德胜路", "越山路"]
    /// Places of first registration: mostly this district, some from nearby divisions.
    private static let birthDivisions: [(String, Int)] = [
        ("220202", 70), ("220203", 8), ("220204", 6), ("220211", 4), ("220221", 4), ("220281", 3), ("220101", 3), ("230102", 2),
    ]

    /// Generates the district.
    public func generate() -> DemoDistrictData {
        var random = SeededRandom(seed: seed)
        let regions = Self.regions(gridsPerVillage: gridsPerVillage)
        // Each grid follows its village in the list, so one pass pairs them.
        var village = ""
        let grids = regions.compactMap { region -> (code: RegionCode, village: String)? in
            if region.code.level == .village { village = region.name }
            return region.code.level == .grid ? (region.code, village) : nil
        }
        var usedIDNumbers = Set<String>()
        var households: [DemoHousehold] = []
        households.reserveCapacity(householdCount)
        for index in 0..<householdCount {
            let grid = grids[index % grids.count]
            households.append(household(in: grid.code, village: grid.village, random: &random, used: &usedIDNumbers))
        }
        return DemoDistrictData(regions: regions, households: households)
    }

    /// Grids in each village: 4, or more when the households would not fit in 4 a village, up to
    /// the 999 a village's codes allow.
    var gridsPerVillage: Int {
        let villages = Self.layout.map(\.villages.count).reduce(0, +)
        let needed = (householdCount + villages * Self.householdsPerGrid - 1) / (villages * Self.householdsPerGrid)
        return min(999, max(4, needed))
    }

    static func regions(gridsPerVillage: Int) -> [DemoRegion] {
        var regions = [DemoRegion(code: districtCode, name: "吉林市昌邑区")]
        for town in layout {
            let townCode = districtCode.child(town.number)!
            regions.append(DemoRegion(code: townCode, name: town.town))
            for (villageName, villageNumber) in town.villages {
                let villageCode = townCode.child(villageNumber)!
                regions.append(DemoRegion(code: villageCode, name: villageName))
                for grid in 1...gridsPerVillage {
                    regions.append(DemoRegion(code: villageCode.child(grid)!, name: "\(villageName)第\(grid)网格"))
                }
            }
        }
        return regions
    }

    // MARK: - Households

    private func household(in grid: RegionCode, village: String, random: inout SeededRandom, used: inout Set<String>) -> DemoHousehold {
        let id = random.uuid()
        let address =
            village.hasSuffix("村")
            ? "\(village)\(random.int(1...12))组\(random.int(1...120))号"
            : "\(random.element(Self.roads))\(random.int(1...999))号\(random.int(1...30))栋\(random.int(1...6))单元\(random.int(1...18))0\(random.int(1...4))室"
        let size = random.weighted([(1, 22), (2, 30), (3, 28), (4, 14), (5, 5), (6, 1)])
        let surname = random.weighted(ChineseNames.surnames)
        let headAge = size == 1 ? random.weighted([(random.int(22...59), 55), (random.int(60...95), 45)]) : random.int(25...85)
        let headMale = random.chance(size == 1 ? 0.45 : 0.7)
        var members = [person(.head, surname: surname, male: headMale, age: headAge, random: &random, used: &used)]
        var hasSpouse = false
        for _ in 1..<size {
            let member: DemoPerson
            if !hasSpouse && headAge >= 22 && random.chance(0.85) {
                hasSpouse = true
                let spouseSurname = random.weighted(ChineseNames.surnames)
                member = person(
                    .spouse, surname: spouseSurname, male: !headMale,
                    age: max(20, headAge + random.int(-5...5)), random: &random, used: &used)
            } else if headAge >= 42 && headAge <= 60 && random.chance(0.25) {
                member = person(
                    .parent, surname: surname, male: random.chance(0.4), age: min(100, headAge + random.int(22...32)), random: &random, used: &used)
            } else if headAge >= 55 && random.chance(0.3) {
                member = person(
                    .grandchild, surname: surname, male: random.chance(0.5), age: max(0, headAge - random.int(48...60)), random: &random, used: &used)
            } else {
                member = person(
                    .child, surname: surname, male: random.chance(0.52), age: max(0, headAge - random.int(22...36)), random: &random, used: &used)
            }
            members.append(member)
        }
        return DemoHousehold(
            id: id, grid: grid, address: address, members: members,
            monitoring: monitoring(for: members, headAge: headAge, random: &random))
    }

    private func person(
        _ relation: HouseholdRelation, surname: String, male: Bool, age: Int, random: inout SeededRandom, used: inout Set<String>
    ) -> DemoPerson {
        let dayOfYear = random.int(0...364)
        let birth = CalendarDate(year: asOf.year - age - 1, month: 1, day: 1)!.adding(days: dayOfYear + 1)
        let idNumber = uniqueIDNumber(birth: birth, male: male, random: &random, used: &used)
        let disability: (Int, String)? =
            random.chance(age >= 60 ? 0.1 : 0.04)
            ? (
                random.weighted([(1, 10), (2, 20), (3, 35), (4, 35)]),
                random.weighted([
                    ("physical", 45), ("visual", 13), ("hearing", 15), ("speech", 2), ("intellectual", 8), ("mental", 10), ("multiple", 7),
                ])
            )
            : nil
        let phone =
            age >= 18 && random.chance(0.55)
            ? random.element(["138", "139", "150", "151", "158", "186", "187", "135"]) + String(random.int(10_000_000...99_999_999))
            : nil
        return DemoPerson(
            id: random.uuid(), name: ChineseNames.name(surname: surname, male: male, random: &random), relation: relation,
            idNumber: idNumber, phone: phone, disability: disability,
            monthlyIncomeFen: income(age: age, disabledGrade: disability?.0, random: &random))
    }

    /// Monthly income in fen: wages for most of working age, pensions for most of the old.
    private func income(age: Int, disabledGrade: Int?, random: inout SeededRandom) -> Int {
        if age < 18 { return 0 }
        if age >= 60 { return random.chance(0.8) ? random.int(900...3_600) * 100 : random.int(0...300) * 100 }
        if let grade = disabledGrade, grade <= 2 { return random.int(0...600) * 100 }
        if random.chance(0.12) { return 0 }
        return random.weighted([(random.int(1_000...2_500), 30), (random.int(2_500...5_000), 50), (random.int(5_000...12_000), 20)]) * 100
    }

    private func uniqueIDNumber(birth: CalendarDate, male: Bool, random: inout SeededRandom, used: inout Set<String>) -> ResidentIDNumber {
        while true {
            let division = random.weighted(Self.birthDivisions)
            let order = random.int(0...499) * 2 + (male ? 1 : 0)
            let number = try! ResidentIDNumber.compose(divisionCode: division, birthDate: birth, order: order)
            if used.insert(number.value).inserted { return number }
        }
    }

    // MARK: - Monitoring

    /// Puts about one household in ten on the ledger, with categories that follow from its members.
    private func monitoring(for members: [DemoPerson], headAge: Int, random: inout SeededRandom) -> DemoMonitoring? {
        var categories: [MonitoringCategory] = []
        let perCapita = members.reduce(0) { $0 + $1.monthlyIncomeFen } / members.count
        if perCapita < 70_000 { categories.append(random.chance(0.5) ? .dibao : .lowIncomeEdge) }
        if members.contains(where: { ($0.disability?.grade ?? 5) <= 2 }) { categories.append(.disabled) }
        if members.count == 1 && headAge >= 70 && random.chance(0.5) { categories.append(.elderlyAlone) }
        if members.count == 1 && headAge >= 60 && perCapita == 0 && random.chance(0.3) { categories.append(.tekun) }
        if random.chance(0.015) { categories.append(.seriousIllness) }
        if random.chance(0.01) { categories.append(.suddenHardship) }
        if random.chance(0.004) { categories.append(.childInDifficulty) }
        guard !categories.isEmpty, categories != [.lowIncomeEdge] || random.chance(0.5) else { return nil }
        let risk: RiskLevel =
            categories.contains(.tekun) || categories.count >= 3
            ? random.weighted([(.red, 40), (.yellow, 60)])
            : random.weighted([(.red, 4), (.yellow, 26), (.blue, 50), (.green, 20)])
        let reason = categories.map(\.chineseName).joined(separator: "、") + "，纳入动态监测"
        let started = random.int(20...500)
        // Most households were visited within their interval, about one in eight is overdue, a few never visited.
        let interval = VisitPolicy.standard.intervalDays[risk]!
        let lastVisit: Int? =
            random.chance(0.02)
            ? nil
            : min(started, random.chance(0.88) ? random.int(0...(interval - 1)) : random.int(interval...(interval + 30)))
        return DemoMonitoring(
            id: random.uuid(), categories: categories, riskLevel: risk, reason: reason,
            startedDaysAgo: started, lastVisitDaysAgo: lastVisit)
    }
}
