import SafetyNetKernel
import SafetyNetStorage

/// 部门模块: the admin's page of the department modules linked into the server, each on or off
/// with its open work, and the switch that turns it off or on for every server at once.
public struct ModulesPage: ConsolePage {
    public static let template = "modules"

    struct Entry: Sendable {
        let id: String
        let name: String
        let version: String
        let enabled: Bool
        let state: String
        let pendingMigrations: Int?
        let openWork: String
        let action: String
        let actionLabel: String
    }

    let frame: PageFrame
    let entries: [Entry]
    let problem: String?
    /// The longest note the switch takes, as the API's rule says.
    let noteLimit = TextLimit.brief.maximum

    /// The page of `statuses`, in the order the modules are linked; `problem` says why the last switch was refused.
    public init(frame: PageFrame, statuses: [ModuleStatus], problem: String? = nil) {
        self.frame = frame
        self.problem = problem
        entries = statuses.map { status in
            let work = status.workload ?? ModuleWorkload.none
            return Entry(
                id: status.descriptor.id.rawValue, name: status.descriptor.chineseName, version: status.descriptor.version.description,
                enabled: status.enabled, state: status.enabled ? "已启用" : "已停用", pendingMigrations: status.pending > 0 ? status.pending : nil,
                openWork: "在办申请 \(work.openCaseItems) 项，转办 \(work.openReferrals) 件，一事一议待提意见 \(work.pendingContributions) 件",
                action: status.enabled ? "disable" : "enable", actionLabel: status.enabled ? "停用" : "启用")
        }
    }
}
