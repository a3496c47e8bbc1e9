import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// The web console's pages, on the API's port: sign-in and sign-out, the workbench and a
/// household's page with its visit form. Pages read and write through the same stores and the
/// same permission checks as the API; they only render and read forms.
struct ConsoleController {
    let services: APIServices
    let sessions: SessionController
    let renderer: ConsoleRenderer
    /// The settings page's headings, from the catalog, which is fixed once the server starts.
    let settingSections: [SettingsPage.Section]

    /// The console over `services`, its pages rendered by `renderer`.
    init(services: APIServices, sessions: SessionController, renderer: ConsoleRenderer) {
        self.services = services
        self.sessions = sessions
        self.renderer = renderer
        settingSections = Self.settingSections(of: services.catalog)
    }

    /// The content security policy of every console page: its own stylesheet, script and forms,
    /// no inline script, and connections (the push channel) to this server only.
    static let policy =
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"

    /// How many rows a workbench list shows at most.
    static let listLimit = 100

    func addRoutes(to router: Router<SafetyNetRequestContext>) {
        router.get("console.css") { _, _ in Self.asset(ConsoleStyle.css, type: "text/css; charset=utf-8") }
        router.get("favicon.svg") { _, _ in Self.asset(ConsoleStyle.icon, type: "image/svg+xml") }
        router.get("console.js") { _, _ in Self.asset(ConsoleScript.live, type: "text/javascript; charset=utf-8") }
        router.get("signin", use: signInForm)
        router.post("signin", use: signIn)
        let pages = router.group().add(middleware: ConsoleSessionMiddleware(accounts: services.accounts))
        pages.get("/", use: workbench)
        pages.post("signout", use: signOut)
        pages.get("households/{id}", use: household)
        pages.post("households/{id}/visits", use: recordVisit)
        pages.post("households/{id}/referrals", use: sendReferral)
        pages.post("households/{id}/cases", use: fileCase)
        pages.get("alerts/{id}", use: alert)
        pages.post("alerts/{id}/verification", use: verifyAlert)
        pages.get("referrals", use: referrals)
        pages.get("referrals/{id}", use: referral)
        pages.post("referrals/{id}/{action}", use: answerReferral)
        pages.get("cases", use: workQueue)
        pages.get("cases.csv", use: workQueueCSV)
        pages.get("cases/{id}", use: caseFile)
        pages.post("case-items/{id}/{step}", use: takeCaseStep)
        pages.post("cases/{id}/joint/{step}", use: takeJointStep)
        pages.get("dashboard", use: dashboard)
        pages.get("publication", use: publication)
        pages.get("publication.csv", use: publicationCSV)
        pages.get("overdue", use: overdue)
        pages.get("overdue.csv", use: overdueCSV)
        pages.get("admin/users", use: users)
        pages.post("admin/users", use: createUser)
        pages.post("admin/users/{id}/{action}", use: changeUser)
        pages.get("admin/users/{id}/certificates", use: certificates)
        pages.post("admin/users/{id}/certificates/{action}", use: changeCertificates)
        pages.get("audit", use: auditLog)
        pages.get("admin/settings", use: settingsPage)
        pages.post("admin/settings", use: changeSettings)
        pages.get("admin/calendar", use: calendarPage)
        pages.post("admin/calendar/{year}", use: loadCalendar)
        pages.get("admin/modules", use: modules)
        pages.post("admin/modules/{id}", use: switchModule)
    }

    // MARK: Signing in and out

    @Sendable func signInForm(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        if let secret = request.cookies[ConsoleSession.cookieName]?.value, try await services.accounts.principal(forSecret: secret) != nil {
            return .seeOther("/")
        }
        return signInPage(request)
    }

    @Sendable func signIn(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await ConsoleForm(request)
            let login = form.value("login") ?? ""
            guard form.carries(token: request.cookies[ConsoleSession.signInCookieName]?.value ?? "") else {
                return signInPage(request, login: login, error: "页面已过期，请重新登录。", status: .forbidden)
            }
            do {
                let session = try await sessions.signIn(login: login, password: form.value("password") ?? "", from: context.remoteAddress)
                var response = Response.seeOther("/")
                response.setCookie(ConsoleSession.cookie(session.token, expires: session.expiresAt))
                response.setCookie(ConsoleSession.expired(ConsoleSession.signInCookieName))
                return response
            } catch let error as APIError where error.code == "too_many_attempts" {
                return signInPage(request, login: login, error: "密码错误次数过多，请稍后再试，或请系统管理员重置密码。", status: .tooManyRequests)
            } catch let error as APIError where error.code == "wrong_credentials" {
                return signInPage(request, login: login, error: "账号或密码错误。", status: .unauthorized)
            }
        }
    }

    @Sendable func signOut(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            _ = try await checkedForm(request, context)
            if let secret = context.consoleSecret {
                _ = try await services.accounts.revoke(secret: secret, by: context.principal, source: context.remoteAddress)
            }
            var response = Response.seeOther("/signin")
            response.setCookie(ConsoleSession.expired(ConsoleSession.cookieName))
            return response
        }
    }

    /// The sign-in form with `login` filled in again and `error` said; its token is the browser's
    /// sign-in cookie when it has one (so a second tab does not outdate the first), else a new one.
    private func signInPage(_ request: Request, login: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let kept = request.cookies[ConsoleSession.signInCookieName]?.value
        let token = kept.flatMap { Hex.decode($0)?.count == 32 ? $0 : nil } ?? ConsoleSession.newSignInToken()
        var response = html(renderer.render(SignInPage(csrf: token, login: login, error: error)), status: status)
        response.setCookie(ConsoleSession.signInCookie(token))
        return response
    }

    // MARK: Shared

    /// The frame of a page titled `title` for the signed-in caller.
    func frame(_ title: String, _ request: Request, _ context: SafetyNetRequestContext, notice: String? = nil) throws -> PageFrame {
        // A page read with GET tells of changes; a refused form shown again does not: loading its address again would lose what was typed.
        let live = request.method == .get ? PageFrame.LiveUpdates(href: Self.reloadHref(request), after: Self.eventHead) : nil
        return PageFrame(
            title: title, path: request.uri.path, principal: try context.requirePrincipal(),
            csrf: ConsoleSession.formToken(forSession: context.consoleSecret ?? ""), notice: notice, liveUpdates: live)
    }

    /// The last push event committed when the request's page began to be read (nil when unknown):
    /// the page's script hears every event after it, so nothing between reading and listening is missed.
    @TaskLocal static var eventHead: Int64?

    /// The page's own address to load it again: its query but the parameters that show the notice of a step just taken.
    static func reloadHref(_ request: Request) -> String {
        let notices: Set<Substring> = ["answered", "done", "filed", "joint", "loaded", "saved", "switched", "verified"]
        let kept = (request.uri.query ?? "").split(separator: "&").filter { !notices.contains($0.prefix { $0 != "=" }) }
        // Never `//host…`, which a browser reads as another site.
        let path = "/" + request.uri.path.drop { $0 == "/" }
        return path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// The form the request sent, once its token is the session's: a form another site made the
    /// browser send (cross-site request forgery) is refused.
    func checkedForm(_ request: Request, _ context: SafetyNetRequestContext) async throws -> ConsoleForm {
        let form = try await ConsoleForm(request)
        guard let secret = context.consoleSecret, form.carries(token: ConsoleSession.formToken(forSession: secret)) else {
            throw APIError(.forbidden, code: "form_expired", message: "the form's token does not belong to this session")
        }
        return form
    }

    /// Runs a page's work; what it throws becomes a page saying, in Chinese, what went wrong.
    func page(_ request: Request, _ context: SafetyNetRequestContext, _ work: () async throws -> Response) async throws -> Response {
        do {
            // Only a page read with GET listens for changes (see `frame`): a sent form needs no event head.
            let head = request.method == .get ? try? await services.events.head() : nil
            return try await Self.$eventHead.withValue(head) { try await work() }
        } catch {
            let answer = APIError.answering(error, logger: context.logger)
            let (title, message) = Self.explanation(of: answer)
            let frame = context.principal.map {
                PageFrame(title: title, path: "", principal: $0, csrf: ConsoleSession.formToken(forSession: context.consoleSecret ?? ""))
            }
            return html(renderer.render(ErrorPage(frame: frame, title: title, message: message)), status: answer.status)
        }
    }

    /// The Chinese title and message of a refusal or failure.
    static func explanation(of answer: APIError) -> (String, String) {
        switch answer.status {
        case .forbidden where answer.code == "form_expired": ("表单已过期", "页面停留过久或已在别处退出登录，请返回重新填写提交。")
        case .forbidden: ("没有权限", "这户人家不在您的管辖范围内，或您的角色不能办理此事。")
        case .notFound: ("未找到", "没有找到要查看的记录，它可能已被注销或链接有误。")
        case .contentTooLarge: ("内容过长", "提交的内容超过了允许的长度。")
        case .conflict: ("状态已变化", "这件事已由他人处理或状态已变化，请返回查看最新情况。")
        case .badRequest: ("请求有误", "提交的内容无法识别，请返回页面重新填写。")
        default:
            answer.status.code >= 500
                ? ("服务器出错", "请稍后再试；错误已记录，如反复出现请联系系统管理员。")
                : ("无法办理", "这项操作未能完成（\(answer.code)），请返回查看最新情况后重试。")
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: Self.policy],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
