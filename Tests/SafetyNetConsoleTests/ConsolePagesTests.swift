import Foundation
import SafetyNetConsole
import SafetyNetKernel
import Testing

@testable import SafetyNetStorage

@Suite("The console's pages as rendered")
struct ConsolePagesTests {
    static func frame() throws -> PageFrame {
        let principal = Principal(id: UUID(), name: "grid", role: .gridWorker, scope: try RegionCode("220202001001001"))
        return PageFrame(title: "工作台", path: "/", principal: principal, csrf: "abc123")
    }

    @Test("every template parses, and every value is escaped: a household's address cannot inject markup")
    func escaping() throws {
        let renderer = try ConsoleRenderer()
        let due = VisitDue(
            householdID: UUID(), gridCode: try RegionCode("220202001001001"), address: #"<script>alert("x")</script>路1号"#, riskLevel: .red,
            reasons: [.monitoring], lastVisitAt: nil, dueAt: Date().addingTimeInterval(-2 * 86_400), isOverdue: true)
        let html = renderer.render(WorkbenchPage(frame: try Self.frame(), visits: [due], alerts: [], now: Date()))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("逾期2天") && html.contains("红色") && html.contains("从未走访"))
        #expect(html.contains(#"name="csrf" value="abc123""#), "the sign-out form carries the form token")
        #expect(html.contains("待核实预警") && html.contains("没有待核实的预警"))
    }

    @Test("a role that keeps no visits and verifies no alerts sees neither list")
    func sectionsByRole() throws {
        let html = try ConsoleRenderer().render(WorkbenchPage(frame: try Self.frame(), visits: nil, alerts: nil, now: Date()))
        #expect(!html.contains("待走访") && !html.contains("待核实预警"))
    }

    @Test("the sign-in page says what went wrong and keeps the login")
    func signIn() throws {
        let html = try ConsoleRenderer().render(SignInPage(csrf: "t0k3n", login: "grid", error: "账号或密码错误。"))
        #expect(html.contains(#"value="grid""#) && html.contains("账号或密码错误。") && html.contains(#"value="t0k3n""#))
        #expect(html.contains(#"<label for="login">"#) && html.contains(#"<label for="password">"#))
    }

    @Test("the work queue pages through the total, keeps its filter in every link, and writes the time left of each item")
    func workQueue() throws {
        let now = Date()
        let entry = CaseQueueEntry(
            itemID: UUID(), caseID: UUID(), householdID: UUID(), gridCode: try RegionCode("220202001001001"), address: "<b>幸福路</b>1号",
            type: AssistanceTypeID(rawValue: "civil-affairs.dibao")!, typeName: "最低生活保障", module: ModuleID(rawValue: "civil-affairs")!,
            state: .accepted, urgent: true, appliedAt: now, forwarded: false,
            nextLimit: DeadlineView(
                kind: .investigation, dueAt: now.addingTimeInterval(-86_400), metAt: nil, outcome: nil, isOverdue: true, isProvisional: false))
        let query = WorkQueueQuery(stage: .investigating, urgentOnly: true, order: .due, offset: 50)
        let page = WorkQueuePage(
            frame: try Self.frame(), queue: CaseQueuePage(total: 120, items: Array(repeating: entry, count: 50)), query: query, pageSize: 50, now: now
        )
        let html = try ConsoleRenderer().render(page)
        #expect(html.contains("第 51–100 项，共 120 项"))
        #expect(html.contains(#"href="/cases?stage=investigating&amp;urgent=true" rel="prev""#), "\(html)")
        #expect(html.contains(#"href="/cases?stage=investigating&amp;urgent=true&amp;offset=100" rel="next""#))
        #expect(html.contains(#"<a href="/cases?stage=investigating&amp;urgent=true" aria-current="page">调查核实</a>"#))
        #expect(html.contains("入户调查时限 逾期1天") && html.contains("急难") && html.contains("&lt;b&gt;幸福路"))
        let last = WorkQueuePage(
            frame: try Self.frame(), queue: CaseQueuePage(total: 120, items: Array(repeating: entry, count: 20)),
            query: WorkQueueQuery(offset: 100), pageSize: 50, now: now)
        let lastHTML = try ConsoleRenderer().render(last)
        #expect(lastHTML.contains("第 101–120 项，共 120 项") && !lastHTML.contains(#"rel="next""#))
    }
}
