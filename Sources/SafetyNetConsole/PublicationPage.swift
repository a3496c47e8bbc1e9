import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// 社会救助对象公示: the approvals of a region and period still in benefit, by village, names and
/// ID numbers masked, as a notice to print and post, and as a CSV file.
public struct PublicationPage: ConsolePage {
    public static let template = "publication"

    struct Row: Sendable {
        let village: String
        let type: String
        let name: String
        let idNumber: String
        let householdSize: Int
        let amount: String
        let period: String
        let approvedOn: String
    }

    let frame: PageFrame
    let regionName: String
    let period: String
    let from: String
    let through: String
    let region: String
    let types: [SelectOption]
    let rows: [Row]
    let count: Int
    let hasRows: Bool
    let csvHref: String

    /// The notice of `list` for `regionName`; `types` are the assistance types the caller may choose, `type` the one chosen.
    public init(frame: PageFrame, list: PublicationList, regionName: String, types: [(AssistanceTypeID, String)], type: AssistanceTypeID?) {
        self.frame = frame
        self.regionName = regionName
        period = "\(ChineseFormat.date(list.from)) 至 \(ChineseFormat.date(list.through))"
        from = list.from.description
        through = list.through.description
        region = list.region.value
        self.types =
            [SelectOption(value: "", label: "全部救助类型", selected: type == nil)]
            + types.map { SelectOption(value: $0.0.rawValue, label: $0.1, selected: type == $0.0) }
        rows = list.entries.map(Self.row)
        count = list.entries.count
        hasRows = !list.entries.isEmpty
        var query = ["region=\(list.region.value)", "from=\(list.from)", "to=\(list.through)"]
        if let type { query.append("type=\(type.rawValue)") }
        csvHref = "/publication.csv?" + query.joined(separator: "&")
    }

    /// The same list as a CSV file.
    public static func csv(_ list: PublicationList) -> [UInt8] {
        CSVExport.document(
            header: ["村(社区)", "救助类别", "姓名", "身份证号", "家庭人口", "金额(元)", "期间", "批准日期"],
            rows: list.entries.map(row).map {
                [$0.village, $0.type, $0.name, $0.idNumber, "\($0.householdSize)", $0.amount, $0.period, $0.approvedOn]
            })
    }

    private static func row(_ entry: PublicationEntry) -> Row {
        Row(
            village: entry.villageName, type: entry.typeName, name: entry.name, idNumber: entry.idNumber, householdSize: entry.householdSize,
            amount: ChineseFormat.yuanInput(fen: entry.amountFen), period: entry.period.chineseName, approvedOn: ChineseFormat.date(entry.approvedOn))
    }
}
