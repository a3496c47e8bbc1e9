import SafetyNetKernel

/// What every signed-in page shows around its content: the account, the way to the role's
/// pages, sign-out, and a notice after a form was sent.
public struct PageFrame: Sendable {
    /// One entry of the navigation.
    public struct Link: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    let title: String
    let userName: String
    let roleName: String
    let scope: String
    /// The form token every form of the page sends back.
    let csrf: String
    let links: [Link]
    let notice: String?
    /// Where the live banner's link loads the page again, and the push event the page's script listens after.
    let liveUpdates: LiveUpdates?

    /// What the page's script needs to tell of changes: the page's own address and the last event
    /// committed when the page began to be read.
    public struct LiveUpdates: Sendable {
        let href: String
        let after: String

        /// Live updates of the page at `href`, after event `after` (nil: from when the script subscribes).
        public init(href: String, after: Int64?) {
            self.href = href
            self.after = after.map(String.init) ?? ""
        }
    }

    /// The frame of the page `title` at `path` for `principal`; `csrf` is the session's form token.
    /// `liveUpdates`, for a page read with GET, lets its script tell of changes.
    public init(title: String, path: String, principal: Principal, csrf: String, notice: String? = nil, liveUpdates: LiveUpdates? = nil) {
        self.title = title
        self.liveUpdates = liveUpdates
        self.userName = principal.name
        self.roleName = principal.role.chineseName
        self.scope = principal.scope.value
        self.csrf = csrf
        self.notice = notice
        self.links = Self.navigation.filter { $0.shows(principal.role) }.map { Link(label: $0.label, href: $0.href, current: $0.href == path) }
    }

    /// The console's pages, with the roles that see each in their navigation.
    static let navigation: [(label: String, href: String, shows: @Sendable (Role) -> Bool)] = [
        ("工作台", "/", { _ in true }),
        ("受理审批", "/cases", { $0.permissions.contains(.handleCases) }),
        ("转办", "/referrals", { $0.permissions.contains(.sendReferrals) }),
        ("超期清单", "/overdue", { $0.permissions.contains(.readCases) }),
        // A grid worker's figures would be its own grid's: its work is in the workbench instead.
        ("统计监督", "/dashboard", { $0 != .gridWorker && $0.permissions.contains(.readCases) }),
        ("审计日志", "/audit", { $0.permissions.contains(.readAudit) }),
        ("用户", "/admin/users", { $0.permissions.contains(.manageUsers) }),
        ("区级设置", "/admin/settings", { $0.permissions.contains(.manageSettings) }),
        ("工作日历", "/admin/calendar", { $0.permissions.contains(.manageCalendar) }),
        ("部门模块", "/admin/modules", { $0.permissions.contains(.manageModules) }),
    ]
}

/// The page a refused or failed request shows instead of its own.
public struct ErrorPage: ConsolePage {
    public static let template = "error"
    let frame: PageFrame?
    let title: String
    let message: String

    /// The page saying `message`; `frame` when the caller is signed in.
    public init(frame: PageFrame?, title: String, message: String) {
        self.frame = frame
        self.title = title
        self.message = message
    }
}

/// The sign-in form.
public struct SignInPage: ConsolePage {
    public static let template = "signin"
    let csrf: String
    let login: String
    let error: String?

    /// The form with its token `csrf`, `login` filled in again and `error` after a failed try.
    public init(csrf: String, login: String = "", error: String? = nil) {
        self.csrf = csrf
        self.login = login
        self.error = error
    }
}

/// How a risk level is shown: its colour and, never the colour alone, its name.
struct RiskBadge: Sendable {
    let code: String
    let name: String

    init(_ level: RiskLevel?) {
        code = level?.rawValue ?? "none"
        name = level?.chineseName ?? "未分级"
    }
}
