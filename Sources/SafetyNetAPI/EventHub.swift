import CoreMetrics
import Foundation
import Logging
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage
import ServiceLifecycle
import Synchronization

/// Fans push events out to connected clients. One listener per process receives every event
/// from PostgreSQL (`LISTEN safetynet_events`), so a change made through any server process, or
/// straight in the database, reaches every subscriber whose scope holds the grid. Module
/// switches carry no grid: every subscriber gets them, and the hub applies them to the process's
/// switchboard.
///
/// Events are numbered in commit order and kept in `event_log`, and the hub delivers them in
/// that order without gaps: when the listener missed some (its connection broke, PostgreSQL
/// restarted), the hub reads them back by number, at the next announcement or within
/// ``catchUpInterval``.
public final class EventHub: Service, Sendable {
    /// The channel the database triggers notify on.
    static let channel = "safetynet_events"
    /// How often the hub looks for events its listener missed.
    static let catchUpInterval: Duration = .seconds(2)

    private struct Subscriber {
        let scope: RegionCode
        /// A department officer's module: case events of other departments are not theirs.
        let department: ModuleID?
        let continuation: AsyncStream<Frame>.Continuation
    }

    /// The events the hub reads back and clients replay from.
    let log: EventLog
    private let configuration: PostgresConfiguration
    private let switchboard: ModuleSwitchboard
    private let logger: Logger
    private let firstListener: AsyncThrowingStream<PostgresNotification, any Error>?
    private let subscribers = Mutex<[UUID: Subscriber]>([:])
    private let subscriberCount = Gauge(label: "safetynet_push_subscribers")
    private let sent = Counter(label: "safetynet_push_events_sent_total")
    private let sequencer: Sequencer

    /// Starts listening through a connection of its own (never a pooled one); events committed
    /// after this returns are delivered. When the database is down the hub keeps trying in `run`.
    public static func start(pool: ConnectionPool, switchboard: ModuleSwitchboard, logger: Logger) async -> EventHub {
        let configuration = pool.configuration.connection
        let listener: AsyncThrowingStream<PostgresNotification, any Error>?
        do {
            listener = try await PostgresListener.listen(configuration: configuration, channels: [channel], logger: logger)
        } catch {
            logger.warning("event hub cannot listen yet; retrying", metadata: ["error": "\(error)"])
            listener = nil
        }
        let log = EventLog(pool: pool)
        let head = try? await log.head()
        return EventHub(log: log, configuration: configuration, switchboard: switchboard, logger: logger, firstListener: listener, head: head)
    }

    private init(
        log: EventLog, configuration: PostgresConfiguration, switchboard: ModuleSwitchboard, logger: Logger,
        firstListener: AsyncThrowingStream<PostgresNotification, any Error>?, head: Int64?
    ) {
        self.log = log
        self.configuration = configuration
        self.switchboard = switchboard
        self.logger = logger
        self.firstListener = firstListener
        self.sequencer = Sequencer(delivered: head)
    }

    /// Delivers events until the service group shuts down, then ends every subscription.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.listen() }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: Self.catchUpInterval)
                        await self.catchUp()
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
        changeSubscribers { all in
            for subscriber in all.values { subscriber.continuation.finish() }
            all.removeAll()
        }
    }

    /// Changes the subscribers under their lock, then records how many there are.
    private func changeSubscribers(_ body: (inout [UUID: Subscriber]) -> Void) {
        subscriberCount.record(
            subscribers.withLock { all in
                body(&all)
                return all.count
            })
    }

    /// Receives announcements, reconnecting while the database is unreachable.
    private func listen() async throws {
        var listener = firstListener
        while !Task.isCancelled {
            if let notifications = listener {
                for try await notification in notifications { await receive(notification.payload) }
                return
            }
            try await Task.sleep(for: .seconds(2))
            listener = try? await PostgresListener.listen(configuration: configuration, channels: [Self.channel], logger: logger)
        }
    }

    /// The number of the last event delivered (0 until the database was first reached).
    var delivered: Int64 { get async { await sequencer.delivered ?? 0 } }

    /// An event as sent: its number, and its JSON text, encoded once for every subscriber.
    struct Frame: Sendable {
        let seq: Int64
        let text: String
    }

    /// The events inside `scope` (and of `department`'s module, when given), in order, until the caller stops iterating.
    func subscribe(scope: RegionCode, department: ModuleID? = nil) -> AsyncStream<Frame> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Frame>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        continuation.onTermination = { [weak self] _ in self?.changeSubscribers { _ = $0.removeValue(forKey: id) } }
        changeSubscribers { $0[id] = Subscriber(scope: scope, department: department, continuation: continuation) }
        return stream
    }

    private func receive(_ payload: String) async {
        do {
            try await sequencer.receive(try PushEvent(payload: payload), log: log, publish: publish)
        } catch {
            logger.warning("push event not delivered yet; catching up shortly", metadata: ["error": "\(error)"])
        }
    }

    private func catchUp() async {
        do {
            try await sequencer.catchUp(log: log, publish: publish)
        } catch {
            logger.warning("cannot read missed push events yet", metadata: ["error": "\(error)"])
        }
    }

    private func publish(_ event: PushEvent) {
        if event.type.hasPrefix("module."), let module = event.module, let enabled = event.enabled {
            switchboard.apply(module, enabled: enabled)
        }
        let frame = Frame(seq: event.seq, text: event.json)
        let count = subscribers.withLock { all in
            var count = 0
            for subscriber in all.values where event.isFor(scope: subscriber.scope, department: subscriber.department) {
                subscriber.continuation.yield(frame)
                count += 1
            }
            return count
        }
        if count > 0 { sent.increment(by: count) }
    }

    /// Hands events on one at a time, in number order, reading back any the listener missed.
    /// Until the database is first reached it knows no number: it then starts from the head,
    /// so that a server started while PostgreSQL was down does not replay a week of events.
    private actor Sequencer {
        private(set) var delivered: Int64?

        init(delivered: Int64?) { self.delivered = delivered }

        func receive(_ event: PushEvent, log: EventLog, publish: @Sendable (PushEvent) -> Void) async throws {
            let known = delivered ?? event.seq - 1  // the first contact: start from this event
            delivered = known
            if event.seq > known + 1 { try await catchUp(log: log, publish: publish) }
            guard event.seq == (delivered ?? known) + 1 else { return }  // delivered already, by a catch-up
            publish(event)
            delivered = event.seq
        }

        private func start(at log: EventLog) async throws {
            delivered = try await log.head()
        }

        func catchUp(log: EventLog, publish: @Sendable (PushEvent) -> Void) async throws {
            guard var delivered else { return try await start(at: log) }
            defer { self.delivered = delivered }
            while true {
                let missed = try await log.events(after: delivered, limit: 500).map(PushEvent.init(payload:))
                // Numbers are gapless; a gap means events were pruned while this process lagged a week behind.
                if let first = missed.first, first.seq > delivered + 1 { delivered = first.seq - 1 }
                for event in missed where event.seq == delivered + 1 {
                    publish(event)
                    delivered = event.seq
                }
                if missed.count < 500 { return }
            }
        }
    }
}
