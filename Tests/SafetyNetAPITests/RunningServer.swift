import Charity
import CivilAffairs
import Disability
import Education
import Employment
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MedicalAid
import NIOSSL
import PersonalData
import PostgresClient
import SafetyNetAPI
import SafetyNetKernel
import SafetyNetStorage
import ServiceLifecycle
import Synchronization
import Testing

/// The real HTTPS server on a free loopback port, and a real TLS client that trusts its certificate.
enum RunningServer {
    /// The servers' logger: warnings and worse, so a failing test's report is not buried under
    /// request lines; set `SAFETYNET_TEST_LOG_LEVEL` (e.g. `info`) to see every request.
    static let logger: Logger = {
        var logger = Logger(label: "test-server")
        logger.logLevel = ProcessInfo.processInfo.environment["SAFETYNET_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }()

    /// Names a test whose server is still running after four minutes on standard error, and ends
    /// the run after fifteen: a run once hung for good with its output still in the pipe, so
    /// neither the test nor what it waited for was known. No test's server legitimately runs that
    /// long (schemathesis, the slowest, fuzzes for a few minutes; the clock starts once the test
    /// has its database, not while it waits for one).
    private static func watchdog(for test: String) -> Task<Void, Never> {
        Task.detached {
            guard (try? await Task.sleep(for: .seconds(240))) != nil else { return }
            FileHandle.standardError.write(Data("test still running after 4 minutes: \(test)\n".utf8))
            guard (try? await Task.sleep(for: .seconds(660))) != nil else { return }
            fatalError("test hung for 15 minutes: \(test)")
        }
    }

    static func with<R: Sendable>(
        pool: ConnectionPool, protector: PersonalDataProtector = TestKeys.protector,
        logger: Logger = RunningServer.logger, clientCertificateAuthority: String? = nil, clock: any WallClock = SystemClock(),
        limits: ServerSettings.ConnectionLimits = .init(),
        _ body: @Sendable (TestClient, Int) async throws -> R
    ) async throws -> R {
        let watchdog = Self.watchdog(for: Test.current.map { $0.displayName ?? $0.name } ?? "a test with a running server")
        defer { watchdog.cancel() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-tls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = ServerSettings(
            host: "127.0.0.1", port: 0, certificate: .development(folder: folder),
            clientCertificateAuthority: clientCertificateAuthority, limits: limits)
        // Every answer of every test is checked against the OpenAPI document.
        settings.checksContract = true
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        // Announcements would race the tests that trigger them by hand.
        let services = APIServices(
            pool: pool, protector: protector, catalog: TestCatalog.fresh(), modules: await Self.modules(pool),
            calendar: await Self.calendar(pool), clock: clock, visitAnnouncementInterval: nil, logger: logger)
        let application = try await SafetyNetServer.makeApplication(settings: settings, services: services, logger: logger) { port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { Task { await group.triggerGracefulShutdown() } }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            // The development certificate is self-signed: encrypt, but do not verify the chain.
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            tls.minimumTLSVersion = .tlsv12
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(tlsConfiguration: tls, serverName: "localhost"))
            client.connect()
            let result: R
            do {
                result = try await body(client, port)
            } catch {
                try? await client.shutdown()
                await group.triggerGracefulShutdown()
                throw error
            }
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }
}

extension RunningServer {
    /// The database's calendar; the shipped schedules when a test runs with the database down.
    static func calendar(_ pool: ConnectionPool) async -> CalendarBook {
        (try? await CalendarBook.load(from: pool)) ?? .fixed(StatutoryHolidays.calendar())
    }

    /// The six departments as the database has them switched; all on when a test runs with the database down.
    static func modules(_ pool: ConnectionPool) async -> ModuleSwitchboard {
        (try? await ModuleSwitchboard.load(modules: TestCatalog.modules, from: pool)) ?? ModuleSwitchboard(modules: TestCatalog.modules)
    }
}

/// One keyring for the whole test run.
enum TestKeys {
    static let keyring = try! PersonalDataKeyring(text: PersonalDataKeyring.generateText())
    static let protector = PersonalDataProtector(keyring: keyring)
}

/// The six departments' modules and their assistance types at the default settings.
enum TestCatalog {
    static let modules: [any DepartmentModule] = [
        CivilAffairsModule(), MedicalAidModule(), EducationModule(), EmploymentModule(), DisabilityModule(), CharityModule(),
    ]
    static let all = try! AssistanceCatalog(modules: modules)

    /// A catalog of its own, for a server whose settings a test may change without touching another test's.
    static func fresh() -> AssistanceCatalog { try! AssistanceCatalog(modules: modules) }
}

/// A clock the test moves by hand.
final class ManualClock: WallClock {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    func now() -> Date { instant.withLock { $0 } }

    /// Moves time on by `seconds`.
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// Sets the time to `date`.
    func set(_ date: Date) { instant.withLock { $0 = date } }
}
