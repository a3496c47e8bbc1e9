import DequeModule
import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A fixed-size pool of PostgreSQL connections whose blocking libpq calls run on a dedicated
/// thread pool with one thread per connection, never on an event loop or the cooperative pool.
///
/// A connection the server has closed (say after a restart) is noticed at checkout and replaced;
/// one that broke while in use is discarded when it comes back. Neither is handed out again.
public final class ConnectionPool: Sendable {
    /// Pool limits.
    public struct Configuration: Sendable {
        /// How each connection is opened.
        public var connection: PostgresConfiguration
        /// The most connections open at once; also the number of threads running libpq calls.
        public var maximumConnections: Int
        /// How long a caller waits for a free connection before ``PostgresError/checkoutTimeout(_:)``.
        public var checkoutTimeout: Duration

        /// Creates the limits.
        public init(connection: PostgresConfiguration, maximumConnections: Int = 8, checkoutTimeout: Duration = .seconds(10)) {
            precondition(maximumConnections > 0, "a pool needs at least one connection")
            self.connection = connection
            self.maximumConnections = maximumConnections
            self.checkoutTimeout = checkoutTimeout
        }
    }

    /// What a caller gets at checkout: a connection to reuse, or the right to open one.
    private enum Lease: Sendable {
        case connection(PostgresConnection)
        case newConnection
    }

    private struct Waiter {
        let id: Int
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Lease, any Error>
    }

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters = Deque<Waiter>()
        var nextWaiterID = 0
        var isShutDown = false
    }

    /// The limits this pool was made with.
    public let configuration: Configuration
    private let threads: NIOThreadPool
    private let state = Mutex(State())
    private let logger: Logger
    private let metrics = PoolMetrics()

    /// Fails waiters whose checkout timeout has passed; one task for the whole pool, so a busy
    /// pool does not start a timer per waiting caller.
    private let sweeper = Mutex<Task<Void, Never>?>(nil)

    /// Creates the pool and starts its threads; connections open lazily on demand.
    public init(configuration: Configuration, logger: Logger = Logger(label: "safetynet.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.threads = NIOThreadPool(numberOfThreads: configuration.maximumConnections)
        threads.start()
        let interval = min(configuration.checkoutTimeout / 10, .milliseconds(100))
        sweeper.withLock {
            $0 = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    guard let self else { return }  // a pool dropped without shutdown() ends its sweeper too
                    self.failExpiredWaiters()
                }
            }
        }
    }

    /// Runs `body` with a connection on one of the pool's threads, then returns the connection.
    /// A transaction left open by `body` is rolled back.
    ///
    /// The connection goes back on the pool's thread as soon as `body` ends, not when the
    /// awaiting task next runs: on a busy machine that task may wait a while for a cooperative
    /// thread, and the connection should serve the next waiter meanwhile.
    ///
    /// Inside ``withHeldTransaction(_:)`` on this pool, `body` runs on the held connection instead,
    /// in a savepoint of the held transaction.
    public func withConnection<R: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> R) async throws -> R {
        if let held = Self.held, held.pool === self {
            return try await threads.runIfActive { try held.run { connection in try connection.transaction(body) } }
        }
        let lease = try await checkout()
        let result: Result<R, any Error>
        do {
            result = try await threads.runIfActive { self.run(body, on: lease) }
        } catch {
            checkin(nil)  // the threads have stopped, so the lease was never used
            throw error
        }
        return try result.get()
    }

    /// Opens or revives the leased connection, runs `body` on it and checks it back in; on a pool thread.
    private func run<R>(_ body: (PostgresConnection) throws -> R, on lease: Lease) -> Result<R, any Error> {
        let connection: PostgresConnection
        do {
            connection = try Self.usableConnection(from: lease, configuration: configuration.connection, logger: logger)
        } catch {
            checkin(nil)
            return .failure(error)
        }
        let result = Result { try body(connection) }
        Self.resetIfInTransaction(connection)
        checkin(connection)
        return result
    }

    /// Runs `body` with one connection and one transaction held for the whole of it: every call on
    /// this pool from `body`'s task and its child tasks runs on that connection, each in a
    /// savepoint. Commits when `body` returns and rolls back when it throws, so all that `body`
    /// wrote is kept together or not at all, whatever happens to the process in between.
    public func withHeldTransaction<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        let lease = try await checkout()
        let connection: PostgresConnection
        do {
            connection = try await threads.runIfActive {
                let connection = try Self.usableConnection(from: lease, configuration: self.configuration.connection, logger: self.logger)
                try connection.beginHeld()
                return connection
            }
        } catch {
            checkin(nil)
            throw error
        }
        let held = HeldConnection(pool: self, connection: connection)
        do {
            let result = try await Self.$held.withValue(held) { try await body() }
            try await threads.runIfActive { try held.end(commit: true) }
            checkin(connection)
            return result
        } catch {
            _ = try? await threads.runIfActive { try held.end(commit: false) }
            checkin(connection)
            throw error
        }
    }

    /// The connection a ``withHeldTransaction(_:)`` holds, used by one thread at a time, and by
    /// nobody once the transaction ended (a task started inside it may outlive it).
    private final class HeldConnection: Sendable {
        let pool: ConnectionPool
        private let connection: Mutex<PostgresConnection?>

        init(pool: ConnectionPool, connection: PostgresConnection) {
            self.pool = pool
            self.connection = Mutex(connection)
        }

        func run<R: Sendable>(_ body: (PostgresConnection) throws -> R) throws -> R {
            try connection.withLock { connection in
                guard let connection else { throw PostgresError.unexpected("the held transaction has ended; this work outlived its request") }
                return try body(connection)
            }
        }

        /// Ends the transaction and lets go of the connection.
        func end(commit: Bool) throws {
            try connection.withLock { connection in
                defer { connection = nil }
                try connection?.endHeld(commit: commit)
            }
        }
    }

    @TaskLocal private static var held: HeldConnection?

    /// Runs `body` in a transaction on a pooled connection; see ``PostgresConnection/transaction(isolation:_:)``.
    public func transaction<R: Sendable>(
        isolation: PostgresConnection.IsolationLevel = .readCommitted,
        _ body: @escaping @Sendable (PostgresConnection) throws -> R
    ) async throws -> R {
        try await withConnection { connection in try connection.transaction(isolation: isolation, body) }
    }

    /// Runs one statement on a pooled connection and returns its rows.
    @discardableResult
    public func query(_ sql: SQL) async throws -> PostgresResult {
        try await withConnection { connection in try connection.query(sql) }
    }

    /// Counts of connections, for health reports.
    public var statistics: (open: Int, idle: Int, waiting: Int) {
        state.withLock { ($0.open, $0.idle.count, $0.waiters.count) }
    }

    /// Closes idle connections, fails waiting callers and stops the threads once work in flight ends.
    public func shutdown() async throws {
        sweeper.withLock { $0?.cancel() }
        let (idle, waiters) = changeState { state -> ([PostgresConnection], Deque<Waiter>) in
            state.isShutDown = true
            defer {
                state.idle.removeAll()
                state.waiters.removeAll()
            }
            state.open -= state.idle.count
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError.poolShutDown) }
        withExtendedLifetime(idle) {}  // the last reference to each idle connection closes it here
        try await threads.shutdownGracefully()
    }

    /// Changes the pool's state under its lock and records the new counts there, so that counts
    /// recorded by two threads never land out of order (a gauge write is an atomic store).
    private func changeState<R>(_ body: (inout State) throws -> R) rethrows -> R {
        try state.withLock { state in
            defer { metrics.record(open: state.open, idle: state.idle.count, waiting: state.waiters.count) }
            return try body(&state)
        }
    }

    // MARK: - Checkout

    private func checkout() async throws -> Lease {
        if let lease = try changeState({ try Self.takeImmediately(&$0, limit: configuration.maximumConnections) }) {
            return lease
        }
        metrics.waits.increment()
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        let deadline = ContinuousClock.now + configuration.checkoutTimeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate: Result<Lease, any Error>? = changeState { state in
                    do {
                        if let lease = try Self.takeImmediately(&state, limit: configuration.maximumConnections) {
                            return .success(lease)
                        }
                    } catch {
                        return .failure(error)
                    }
                    state.waiters.append(Waiter(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            failWaiter(id, with: CancellationError())
        }
    }

    private static func takeImmediately(_ state: inout State, limit: Int) throws -> Lease? {
        if state.isShutDown { throw PostgresError.poolShutDown }
        if let connection = state.idle.popLast() { return .connection(connection) }
        if state.open < limit {
            state.open += 1
            return .newConnection
        }
        return nil
    }

    private func failExpiredWaiters() {
        let now = ContinuousClock.now
        let expired = changeState { state -> [Waiter] in
            let expired = Array(state.waiters.filter { $0.deadline <= now })
            if !expired.isEmpty { state.waiters.removeAll { $0.deadline <= now } }
            return expired
        }
        if !expired.isEmpty { metrics.timeouts.increment(by: expired.count) }
        for waiter in expired { waiter.continuation.resume(throwing: PostgresError.checkoutTimeout(configuration.checkoutTimeout)) }
    }

    private func failWaiter(_ id: Int, with error: any Error) {
        let waiter = changeState { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    /// Returns a connection, or the slot of a broken or never-opened one, to the pool.
    private func checkin(_ connection: PostgresConnection?) {
        let healthy = connection.map(\.isReusable) ?? false
        let action = changeState { state -> (Waiter, Lease)? in
            if healthy, let connection, !state.isShutDown {
                if let waiter = state.waiters.popFirst() { return (waiter, .connection(connection)) }
                state.idle.append(connection)
                return nil
            }
            if !state.isShutDown, let waiter = state.waiters.popFirst() { return (waiter, .newConnection) }
            state.open -= 1
            return nil
        }
        if !healthy, connection != nil {
            logger.warning("discarding a broken PostgreSQL connection")
        }
        if let (waiter, lease) = action { waiter.continuation.resume(returning: lease) }
    }

    // MARK: - On the pool's threads

    private static func usableConnection(
        from lease: Lease, configuration: PostgresConfiguration, logger: Logger
    ) throws -> PostgresConnection {
        if case .connection(let connection) = lease {
            if connection.isAlive() { return connection }
            logger.notice("a pooled PostgreSQL connection was closed by the server; reconnecting")
        }
        return try PostgresConnection(configuration: configuration)
    }

    private static func resetIfInTransaction(_ connection: PostgresConnection) {
        guard connection.isOpen, !connection.isReusable else { return }
        try? connection.execute(script: "ROLLBACK")
    }
}

extension ConnectionPool: Service {
    /// Serves until the service group shuts down, then closes the connections once the work in
    /// flight has ended; put the pool before the services using it, so it stops after them.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }
}
