import FeedIntake
import Foundation
import SafetyNetKernel

/// Sample batches of every feed over a generated district, as departments export them: most rows
/// about residents the registry holds, some about people it does not know yet (discoveries), a
/// few with a mistake (refused rows), so a demo upload shows every outcome. Built from the feed's
/// declaration alone, so a module added later gets its sample too. The same seed gives the same files.
public struct DemoFeedFiles: Sendable {
    /// The district the rows are about.
    public let district: DemoDistrictData
    /// Rows per file.
    public let rows: Int
    let seed: UInt64

    /// The share of rows about people the registry does not hold.
    public static let unknownShare = 0.05
    /// The share of rows with a mistake in one field.
    public static let badShare = 0.02

    /// Samples of `rows` rows over `district`.
    public init(district: DemoDistrictData, rows: Int, seed: UInt64 = 7) {
        self.district = district
        self.rows = rows
        self.seed = seed
    }

    /// The sample batch of `feed` as CSV with Chinese headers, the way a department's export reads.
    public func csv(for feed: FeedDefinition) -> String {
        var random = SeededRandom(seed: seed ^ UInt64(truncatingIfNeeded: feed.id.rawValue.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
        // Each person with the grid they live in, which the export's region field gives.
        let people = district.households.flatMap { household in
            (feed.subject == .household ? [household.members[0]] : household.members).map { ($0, household.grid) }
        }
        let grids = Array(Set(district.households.map(\.grid))).sorted()
        var lines = [feed.fields.map(\.chineseLabel).joined(separator: ",")]
        lines.reserveCapacity(rows + 1)
        for _ in 0..<rows {
            let known = !people.isEmpty && random.chance(1 - Self.unknownShare)
            var person: DemoPerson?
            var grid: RegionCode?
            if known {
                let chosen = random.element(people)
                (person, grid) = (chosen.0, chosen.1)
            } else if !grids.isEmpty {
                grid = random.element(grids)  // someone the registry does not hold lives in the district too: a discovery for that grid
            }
            var values = feed.fields.map { value(of: $0, in: feed, for: person, in: grid, random: &random) }
            if random.chance(Self.badShare) { spoil(&values, of: feed, random: &random) }
            lines.append(values.map(Self.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes each feed's sample to `folder` as `<feed id>.csv`, and the first one also as GB18030
    /// (`<feed id>.gb18030.csv`, sent with `encoding=gb18030`), as many government systems export.
    public func write(_ feeds: [FeedDefinition], to folder: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [URL] = []
        for (index, feed) in feeds.enumerated() {
            let text = csv(for: feed)
            let file = folder.appendingPathComponent("\(feed.id).csv")
            try Data(text.utf8).write(to: file)
            written.append(file)
            if index == 0, let bytes = FeedEncoding.gb18030.bytes(of: text) {
                let other = folder.appendingPathComponent("\(feed.id).gb18030.csv")
                try Data(bytes).write(to: other)
                written.append(other)
            }
        }
        return written
    }

    private func value(
        of field: FeedField, in feed: FeedDefinition, for person: DemoPerson?, in grid: RegionCode?, random: inout SeededRandom
    ) -> String {
        // Optional fields are often blank in exports: an open registration has no end, a student no aid yet.
        if !field.isRequired, field.kind != .region, random.chance(0.4) { return "" }
        switch field.kind {
        case .region: return grid?.value ?? ""
        case .idNumber: return field.name == feed.identityField ? person?.idNumber.value ?? stranger(&random) : ""
        case .date:
            // A validity (有效期至) runs from last year into the next few; other days fall in this year.
            let day =
                field.chineseLabel.contains("有效期")
                ? CalendarDate.newYear(2025).adding(days: random.int(0...(5 * 365))) : CalendarDate.newYear(2026).adding(days: random.int(0...320))
            return random.chance(0.8) ? day.description : "\(day.year)/\(day.month)/\(day.day)"
        case .amount:
            // Most amounts are small (an outpatient bill, a month's low income); one in twenty is large (a hospital stay).
            let yuan = random.chance(0.95) ? random.int(0...800) : random.int(5_000...60_000)
            return "\(yuan).\(random.int(0...99))"
        case .integer(let range): return String(random.int(range))
        case .text(let maximum):
            if field.isPersonal { return person?.name ?? random.element(["赵建国", "钱秀英", "孙立伟", "李桂兰"]) }
            let samples = field.chineseLabel.contains("医") ? Self.hospitals : field.chineseLabel.contains("校") ? Self.schools : Self.places
            return String(random.element(samples).prefix(maximum))
        case .choice(let choices):
            let choice = random.element(choices)
            return random.chance(0.5) ? choice.label : choice.code
        }
    }

    /// A valid ID number of someone from a neighbouring division, whom the registry does not hold.
    private func stranger(_ random: inout SeededRandom) -> String {
        let born = CalendarDate.newYear(1940).adding(days: random.int(0...(70 * 365)))
        // 220282 (桦甸市) is no division the district generator registers anyone in.
        return (try? ResidentIDNumber.compose(divisionCode: "220282", birthDate: born, order: random.int(0...999)).value) ?? ""
    }

    /// Puts one mistake in the row: a wrong check character, or words where a number, day or choice belongs.
    private func spoil(_ values: inout [String], of feed: FeedDefinition, random: inout SeededRandom) {
        let index = random.int(0...(feed.fields.count - 1))
        switch feed.fields[index].kind {
        case .idNumber where !values[index].isEmpty: values[index] = String(values[index].dropLast()) + (values[index].hasSuffix("0") ? "1" : "0")
        case .text: values[index] = ""  // blank: refused when required, harmless otherwise
        default: values[index] = "不详"
        }
    }

    private static func quoted(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    private static let hospitals = ["吉林市中心医院", "昌邑区人民医院", "吉林市第二人民医院", "昌邑区中医院", "东局子街道社区卫生服务中心"]
    private static let schools = ["昌邑区第一中学", "吉林市第四中学", "延安小学", "昌邑区实验小学", "吉林职业技术学院"]
    private static let places = ["昌邑区", "东局子街道", "延安街道", "兴华街道", "通江街道"]
}
