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
}
