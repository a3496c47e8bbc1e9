import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// 审计日志: the audit log for auditors, read-only: filtered by action, record, account and days,
/// newest first, a page at a time, and on request the chain's verification.
public struct AuditLogPage: ConsolePage {
    public static let template = "audit"

    /// The filter as the form shows it again.
    struct Filter: Sendable {
        let action: String
        let entity: String
        let entityID: String
        let actor: String
        let from: String
        let to: String

        init(_ filter: AuditFilter) {
            action = filter.action ?? ""
            entity = filter.entity ?? ""
            entityID = filter.entityID ?? ""
            actor = filter.actor ?? ""
            from = filter.from?.description ?? ""
            to = filter.through?.description ?? ""
        }

        /// The query string of the filter, without the page.
        var query: String {
            [("action", action), ("entity", entity), ("entityID", entityID), ("actor", actor), ("from", from), ("to", to)]
                .filter { !$0.1.isEmpty }
                .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")" }
                .joined(separator: "&")
        }

        /// The characters a query value keeps as they are (RFC 3986's unreserved set, ASCII only).
        static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    }

    struct Row: Sendable {
        let seq: Int64
        let at: String
        let actor: String
        let source: String
        let action: String
        let actionName: String
        let entity: String
        let entityID: String
        let details: String
    }

    let frame: PageFrame
    let filter: Filter
    let rows: [Row]
    let hasRows: Bool
    let older: String?
    let verifyHref: String
    let verification: String?
    let intact: Bool

    /// The page of `entries` for `filter`; `report` when the log was verified for this request.
    public init(frame: PageFrame, filter: AuditFilter, entries: AuditPage, report: AuditReport?) {
        self.frame = frame
        let shown = Filter(filter)
        self.filter = shown
        rows = entries.items.map(Self.row)
        hasRows = !entries.items.isEmpty
        let base = shown.query
        older = entries.nextBefore.map { "/audit?" + (base.isEmpty ? "" : base + "&") + "before=\($0)" }
        verifyHref = "/audit?" + (base.isEmpty ? "" : base + "&") + "verify=true"
        verification = report.map(Self.verdict)
        intact = report?.isIntact ?? true
    }

    /// What the verification found, in Chinese; the check's own words, in English, in brackets.
    private static func verdict(_ report: AuditReport) -> String {
        let checked = "（校验于 \(ChineseFormat.dateTime(report.checkedAt))）"
        guard report.chain.isIntact else {
            let at = report.chain.firstBrokenSeq.map { "在第 \($0) 条处" } ?? ""
            return "审计链\(at)断开，记录可能被改动或删除（\(report.chain.problem ?? "")）。请立即报告系统管理员并保全数据库。" + checked
        }
        let chain = "审计链完整：共 \(report.chain.entries) 条记录，逐条哈希和链接均一致"
        guard let checkpoints = report.checkpoints else { return chain + "；本服务器未配置库外签名检查点，无法排除整条链被重写。" + checked }
        if let problem = checkpoints.problem {
            return chain + "，但库外签名检查点不符，整条链可能被重写（\(problem)）。请立即报告系统管理员。" + checked
        }
        return chain + "；\(checkpoints.checkpoints) 个库外签名检查点均相符。" + checked
    }

    private static func row(_ entry: AuditRecord) -> Row {
        let details = [entry.before.map { "之前：\($0)" }, entry.after.map { "之后：\($0)" }].compactMap { $0 }.joined(separator: "\n")
        return Row(
            seq: entry.seq, at: ChineseFormat.dateTime(entry.at), actor: entry.actor == "system" ? "系统" : entry.actor, source: entry.source ?? "",
            action: entry.action, actionName: AuditActionName.of(entry.action), entity: entry.entity, entityID: entry.entityID ?? "",
            details: details.count > 600 ? String(details.prefix(600)) + "…" : details)
    }
}

/// The Chinese name of an audit action, as the log shows it; the action itself when it has none.
enum AuditActionName {
    static func of(_ action: String) -> String {
        names[action] ?? action
    }

    static let names: [String: String] = [
        "user.create": "创建账号", "user.password_reset": "重置密码", "user.disable": "停用账号", "user.enable": "启用账号",
        "credential.issue": "签发凭证", "credential.revoke": "吊销凭证", "certificate.register": "登记客户端证书", "certificate.revoke": "吊销客户端证书",
        "session.refused": "登录失败", "session.throttled": "登录受限", "module.enabled": "启用部门模块", "module.disabled": "停用部门模块",
        "person.reveal_identity": "查看完整身份信息", "household.create": "登记家庭", "visit.record": "记录走访",
        "monitoring.start": "纳入监测", "monitoring.change_risk": "调整风险等级", "monitoring.end": "退出监测",
        "case.apply": "提出救助申请", "case.approve": "审批通过", "case.reject": "不予救助", "payment.record": "登记发放",
        "referral.send": "转办", "settings.change": "修改区级设置", "calendar.replace": "导入工作日历", "comparison.start": "启动全量比对",
        "project.create": "创建救助项目", "alert.verify": "核实预警", "alert.confirm": "确认预警", "alert.dismiss": "排除预警",
        "person.create": "登记成员", "person.update": "修改成员信息", "person.close": "成员注销", "person.return": "成员恢复",
        "household.close": "家庭注销", "household.move": "家庭迁移", "household.change_address": "修改住址",
    ]
}
