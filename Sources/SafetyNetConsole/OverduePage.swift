import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// 超期清单: every limit in the caller's region that has passed and is still open, the longest
/// overdue first, with where it lies and what it belongs to; also as a CSV file.
public struct OverduePage: ConsolePage {
    public static let template = "overdue"

    struct Row: Sendable {
        let kind: String
        let dueAt: String
        let overdue: String
        let department: String
        let gridCode: String
        let href: String
        let subject: String
    }

    let frame: PageFrame
    let rows: [Row]
    let count: Int
    let hasRows: Bool

    /// The page of `limits` at `now`; `departmentName` names a module's department.
    public init(frame: PageFrame, limits: [OverdueLimit], now: Date, departmentName: (ModuleID) -> String) {
        self.frame = frame
        rows = limits.map { Self.row($0, now: now, departmentName: departmentName) }
        count = limits.count
        hasRows = !limits.isEmpty
    }

    /// The same list as a CSV file.
    public static func csv(_ limits: [OverdueLimit], now: Date, departmentName: (ModuleID) -> String) -> [UInt8] {
        CSVExport.document(
            header: ["时限", "到期时间", "逾期", "部门", "网格", "事项", "户编号"],
            rows: limits.map { limit in
                let row = Self.row(limit, now: now, departmentName: departmentName)
                return [row.kind, row.dueAt, row.overdue, row.department, row.gridCode, row.subject, limit.householdID.uuidString]
            })
    }

    private static func row(_ limit: OverdueLimit, now: Date, departmentName: (ModuleID) -> String) -> Row {
        let (href, subject): (String, String) =
            if let alert = limit.alertID {
                ("/alerts/\(alert.uuidString)", "预警")
            } else if let referral = limit.referralID {
                ("/referrals/\(referral.uuidString)", "转办")
            } else {
                ("/households/\(limit.householdID.uuidString)", limit.itemID == nil ? "家庭" : "救助申请")
            }
        return Row(
            kind: limit.kind.chineseName, dueAt: ChineseFormat.deadline(limit.dueAt), overdue: ChineseFormat.due(limit.dueAt, now: now),
            department: limit.module.map(departmentName) ?? "—", gridCode: limit.gridCode.value, href: href, subject: subject)
    }
}
