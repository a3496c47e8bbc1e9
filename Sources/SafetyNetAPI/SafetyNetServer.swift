import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import PersonalData
import PostgresClient
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage
import ServiceLifecycle

/// The composition root: every store, built once over the pool, and what the routes and the
/// jobs beside them share. Controllers get stores from here, never the pool.
public struct APIServices: Sendable {
    /// The pool itself, for the services that run beside the routes (the event hub and account
    /// listener open connections of their own from its configuration) and the jobs.
    let pool: ConnectionPool
    let accounts: Accounts
    /// Seals and reads personal data; follows its keyring file as keys rotate.
    let protector: PersonalDataProtector
    /// Who recent bearer secrets and certificates stand for, kept current by ``AccountListener``.
    let principals = PrincipalCache()
    let registry: RegistryStore
    let visits: VisitStore
    let monitoring: MonitoringStore
    let cases: CaseStore
    let referrals: ReferralStore
    let projects: ProjectStore
    let chains: ChainReader
    let supervision: SupervisionStore
    let publication: PublicationStore
    let idempotency: IdempotencyStore
    let events: EventLog
    let database: DatabaseProbe
    /// Department batches: stored as they stream in, matched, and read back with their problems.
    let feedBatches: FeedBatchStore
    let feedReceiver: FeedBatchReceiver
    /// The district's settings, versioned, and the file whose values win at start-up.
    let settings: SettingsStore
    let settingsFile: SettingsFile?
    /// Alerts raised by the rules over department data.
    let alerts: AlertStore
    /// People department data names whom the registry does not know yet.
    let discoveries: DiscoveryList
    /// The half-yearly full comparison of the households in benefit.
    let comparison: FullComparison
    /// "Now" for every time limit.
    let clock: any WallClock
    let catalog: AssistanceCatalog
    /// Which of the linked modules are switched on (consulted on every request), and switching them.
    let moduleStore: ModuleStore
    /// The working calendar every limit counts on, and the admin's changes to it.
    let calendarStore: CalendarStore
    let deadlines: DeadlineSweep
    /// How often the server announces visits falling due and sweeps deadlines; nil turns both off.
    let visitAnnouncementInterval: Duration?
    /// Where the audit chain's head is signed every few minutes, outside the database; nil for none.
    let checkpoints: AuditCheckpoints?
    /// The audit log as auditors read and verify it.
    let audit: AuditTrail

    var modules: ModuleSwitchboard { moduleStore.switchboard }
    var calendar: CalendarBook { calendarStore.book }

    /// Builds the stores over `pool`; `protector` seals personal data, `catalog` holds the linked
    /// modules' assistance types and `modules` which of them are on, `calendar` the working days,
    /// `clock` is "now" for every time limit, `visitPolicy` sets visit intervals; `settingsFile`,
    /// when given, is stored as a new settings version at start-up if it differs from the latest.
    public init(
        pool: ConnectionPool, protector: PersonalDataProtector, catalog: AssistanceCatalog, modules: ModuleSwitchboard, calendar: CalendarBook,
        checkpoints: AuditCheckpoints? = nil, clock: any WallClock = SystemClock(), visitPolicy: VisitPolicy = .standard,
        visitAnnouncementInterval: Duration? = .seconds(300), settingsFile: SettingsFile? = nil, logger: Logger
    ) {
        self.pool = pool
        self.protector = protector
        self.checkpoints = checkpoints
        self.audit = AuditTrail(pool: pool, checkpoints: checkpoints)
        self.catalog = catalog
        self.clock = clock
        self.visitAnnouncementInterval = visitAnnouncementInterval
        self.moduleStore = ModuleStore(pool: pool, switchboard: modules, logger: logger)
        self.calendarStore = CalendarStore(pool: pool, book: calendar)
        self.accounts = Accounts(pool: pool, cache: principals)
        self.registry = RegistryStore(pool: pool, protector: protector)
        self.visits = VisitStore(pool: pool, policy: visitPolicy)
        self.monitoring = MonitoringStore(pool: pool, clock: clock)
        self.cases = CaseStore(pool: pool, catalog: catalog, calendar: calendar, clock: clock)
        self.referrals = ReferralStore(pool: pool, catalog: catalog, calendar: calendar, clock: clock, isOn: { [modules] in modules.isEnabled($0) })
        self.projects = ProjectStore(referrals: referrals)
        self.chains = ChainReader(pool: pool)
        self.deadlines = DeadlineSweep(referrals: referrals)
        self.supervision = SupervisionStore(pool: pool, catalog: catalog, clock: clock)
        self.publication = PublicationStore(pool: pool, catalog: catalog)
        self.idempotency = IdempotencyStore(pool: pool)
        self.events = EventLog(pool: pool)
        self.database = DatabaseProbe(pool: pool)
        self.feedBatches = FeedBatchStore(pool: pool, protector: protector, catalog: catalog, calendar: calendar)
        self.feedReceiver = FeedBatchReceiver(store: feedBatches, clock: clock)
        self.settings = SettingsStore(pool: pool, catalog: catalog)
        self.settingsFile = settingsFile
        self.alerts = AlertStore(cases: cases, referrals: referrals)
        self.discoveries = DiscoveryList(pool: pool, catalog: catalog)
        self.comparison = FullComparison(pool: pool, catalog: catalog, clock: clock)
    }
}

/// Builds the HTTPS application: the routes, TLS and the services that run beside them.
public enum SafetyNetServer {
    /// The router: `/health` and `/openapi.json` open to all, `/api/v1/sessions` to sign in,
    /// everything else behind a bearer token, and the console's pages behind its session cookie;
    /// and the document the API's routes were described by.
    static func makeRouter(
        services: APIServices, logger: Logger, checksContract: Bool = false
    ) throws -> (router: Router<SafetyNetRequestContext>, document: OpenAPIDocument) {
        let router = Router(context: SafetyNetRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: RequestRecordMiddleware())
        router.add(middleware: ErrorMiddleware())
        let contractCheck = checksContract ? ContractCheckMiddleware() : nil
        if let contractCheck { router.add(middleware: contractCheck) }
        let book = OperationBook()
        let root = DocumentedRoutes(group: router.group(), prefix: "", access: .open, book: book)
        HealthController(database: services.database).addRoutes(to: root)
        let api = root.group("api/v1")
        let sessions = SessionController(accounts: services.accounts, throttle: SignInThrottle(), clock: services.clock)
        sessions.addPublicRoutes(to: api)
        ConsoleController(services: services, sessions: sessions, renderer: try ConsoleRenderer()).addRoutes(to: router)
        let signedIn = api.group(access: .signedIn).add(middleware: AuthenticationMiddleware(accounts: services.accounts))
        // Uploads stream in and are made safe to retry by their own ids, so they skip the middleware
        // that holds a body for its Idempotency-Key.
        let streaming = signedIn.group()
        // Accounts' bodies carry passwords: no digest of them is kept for an Idempotency-Key.
        AccountController(accounts: services.accounts, throttle: sessions.throttle, clock: services.clock).addRoutes(
            to: signedIn.group().withoutIdempotencyKey())
        let authenticated = signedIn.group().add(middleware: IdempotencyMiddleware(store: services.idempotency))
        addSignedInRoutes(to: authenticated, services: services, sessions: sessions, logger: logger)
        FeedBatchController(batches: services.feedBatches, receiver: services.feedReceiver, catalog: services.catalog, modules: services.modules)
            .addRoutes(reading: authenticated, uploading: streaming)
        book.add(OpenAPIDocument.operation)
        let document = try OpenAPIDocument(operations: book.operations)
        document.addRoute(to: router)
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        contractCheck?.slot.document.withLock { $0 = document }
        return (router, document)
    }

    private static func addSignedInRoutes(to routes: DocumentedRoutes, services: APIServices, sessions: SessionController, logger: Logger) {
        let catalog = services.catalog
        sessions.addRoutes(to: routes)
        RegistryController(registry: services.registry, clock: services.clock).addRoutes(to: routes)
        HouseholdChangesController(registry: services.registry, clock: services.clock).addRoutes(to: routes)
        VisitController(registry: services.registry, visits: services.visits, alerts: services.alerts, clock: services.clock).addRoutes(to: routes)
        EventsWebSocket.addRoutes(to: routes)
        MonitoringController(registry: services.registry, monitoring: services.monitoring).addRoutes(to: routes)
        CaseController(registry: services.registry, cases: services.cases, catalog: catalog, modules: services.modules).addRoutes(to: routes)
        ReferralController(registry: services.registry, referrals: services.referrals, catalog: catalog, modules: services.modules).addRoutes(
            to: routes)
        CalendarController(calendar: services.calendarStore, clock: services.clock).addRoutes(to: routes)
        ProjectController(projects: services.projects, catalog: catalog, modules: services.modules).addRoutes(to: routes)
        ChainController(registry: services.registry, chains: services.chains, catalog: catalog).addRoutes(to: routes)
        SupervisionController(
            supervision: services.supervision, publication: services.publication,
            catalog: catalog, clock: services.clock
        ).addRoutes(to: routes)
        AssistanceTypesController(catalog: catalog, modules: services.modules).addRoutes(to: routes)
        FeedController(catalog: catalog, modules: services.modules).addRoutes(to: routes)
        SettingsController(settings: services.settings, catalog: catalog, clock: services.clock).addRoutes(to: routes)
        DiscoveryController(discoveries: services.discoveries, catalog: catalog).addRoutes(to: routes)
        ComparisonController(comparison: services.comparison).addRoutes(to: routes)
        AlertController(alerts: services.alerts, catalog: catalog, modules: services.modules, clock: services.clock).addRoutes(to: routes)
        ModuleController(store: services.moduleStore).addRoutes(to: routes)
        AuditController(trail: services.audit, clock: services.clock).addRoutes(to: routes)
    }

    /// The jobs that run beside the routes: visits falling due within a day, the deadline service,
    /// and with `countsOpenWork` the gauges of open work for metrics.
    static func jobs(_ services: APIServices, countsOpenWork: Bool, logger: Logger) -> [any Service] {
        guard let interval = services.visitAnnouncementInterval else { return [] }
        let gauges = OpenWorkGauges(modules: services.modules.modules.map(\.descriptor.id))
        let databaseUp = Gauge(label: "safetynet_database_up")
        let openWork = RepeatingJob(id: "open_work_count", name: "counted open work for metrics", interval: .seconds(30), logger: logger) {
            let health = await services.database.check()
            databaseUp.record(health.isUp ? 1 : 0)
            if health.isUp { gauges.record(try await services.supervision.openWork()) }
            return 0
        }
        return (countsOpenWork ? [openWork] : []) + [
            RepeatingJob(id: "visit_announcements", name: "announced visits due", interval: interval, logger: logger) {
                try await services.visits.announceDue(now: services.clock.now())
            },
            RepeatingJob(id: "visit_overdue_alerts", name: "raised alerts of overdue visits", interval: interval, logger: logger) {
                try await services.alerts.raiseOverdueVisits(from: services.visits)
            },
            // Started by hand or on schedule, a comparison is worked on here until done, also after a restart.
            RepeatingJob(id: "full_comparison", name: "compared households in benefit", interval: .seconds(2), logger: logger) {
                _ = try await services.comparison.startIfDue()
                return try await services.comparison.work()?.compared ?? 0
            },
            RepeatingJob(id: "audit_checkpoint", name: "signed a checkpoint of the audit chain", interval: .seconds(300), logger: logger) {
                try await services.checkpoints?.record(from: services.pool, now: services.clock.now()) ?? 0
            },
            RepeatingJob(
                id: "pruning", name: "pruned push events and idempotent answers older than a week", interval: .seconds(3_600), logger: logger
            ) {
                let now = services.clock.now()
                return try await services.events.prune(now: now) + services.idempotency.prune(now: now)
            },
            RepeatingJob(id: "keyring_reload", name: "re-read the personal-data keyring file", interval: .seconds(30), logger: logger) {
                if let keyring = try services.protector.reloadIfChanged() {
                    logger.notice("personal-data keyring changed; sealing with its current key", metadata: ["key": "\(keyring.currentKeyID)"])
                }
                return 0
            },
            RepeatingJob(id: "holiday_schedule_check", name: "checked next year's holiday schedule", interval: .seconds(6 * 3_600), logger: logger) {
                if let notice = services.calendar.missingScheduleNotice(today: WorkingCalendar.day(of: services.clock.now())) {
                    logger.warning("\(notice)")
                }
                return 0
            },
            RepeatingJob(id: "deadline_sweep", name: "swept deadlines", interval: .seconds(60), logger: logger) {
                // Another process may have changed the calendar or switched a module and its
                // announcement been missed: pick both up before computing limits.
                try await services.calendarStore.reload()
                try await services.moduleStore.reload()
                let result = try await services.deadlines.run()
                if result.escalationFailures > 0 {
                    logger.warning("referrals could not escalate; retrying next sweep", metadata: ["count": "\(result.escalationFailures)"])
                }
                return result.overdue + result.dueSoon + result.escalated + result.alertsEscalated
            },
        ]
    }

    /// The application for `settings`, with the event hub started. `onRunning` gets the bound port.
    public static func makeApplication(
        settings: ServerSettings, services: APIServices, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        do {
            try await services.settings.load(file: services.settingsFile)
        } catch {
            // The server also starts with the database down (its health says so); the first batch
            // reads the stored settings instead, and a settings file waits for the next start.
            logger.warning("district settings not loaded: the database did not answer", metadata: ["error": "\(error)"])
        }
        let hub = await EventHub.start(pool: services.pool, switchboard: services.modules, logger: logger)
        let accounts = services.accounts
        let http = HTTPServerBuilder { responder in
            let configuration = HTTP1WebSocketUpgradeChannel.Configuration(http1: .init(idleTimeout: TimeAmount(settings.limits.idle)))
            return FirstRequestGuard(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, configuration: configuration) { request, channel, _ in
                    try await EventsWebSocket.shouldUpgrade(request, channel: channel, accounts: accounts, hub: hub)
                }, deadline: settings.limits.firstRequest)
        }
        return Application(
            router: try makeRouter(services: services, logger: logger, checksContract: settings.checksContract).router,
            server: try .tls(http, tlsConfiguration: try settings.tlsConfiguration()),
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: "SafetyNet",
                availableConnectionsDelegate: MaximumAvailableConnections(settings.limits.maximumConnections, logger: logger)),
            services: [hub, AccountListener(cache: services.principals, configuration: services.pool.configuration.connection, logger: logger)]
                + jobs(services, countsOpenWork: settings.metrics != nil, logger: logger)
                + (settings.metrics.map { [$0.application(logger: logger)] } ?? []),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }
}
