import Foundation
import Logging
import PostgresClient
import SafetyNetStorage
import SafetyNetKernel
import ServiceLifecycle
import Synchronization

/// Fans registry events out to connected clients. One listener per process receives every event
/// from PostgreSQL (`LISTEN safetynet_events`), so a change made through any server process, or
/// straight in the database, reaches every subscriber whose scope holds the grid. Module
/// switches carry no grid: every subscriber gets them, and the hub applies them to the process's
/// switchboard.
public final class EventHub: Service, Sendable {
    /// The channel the database triggers notify on.
    static let channel = "safetynet_events"

    private struct Subscriber {
        let scope: RegionCode
        /// A department officer's module: case events of other departments are not theirs.
        let department: ModuleID?
        let continuation: AsyncStream<String>.Continuation
    }

    private struct Routing: Decodable {
        let type: String?
        let enabled: Bool?
        let gridCode: String?
        let previousGridCode: String?
        let module: String?
    }

    private let configuration: PostgresConfiguration
    private let switchboard: ModuleSwitchboard
    private let logger: Logger
    private let firstListener: AsyncThrowingStream<PostgresNotification, any Error>?
    private let subscribers = Mutex<[UUID: Subscriber]>([:])

    /// Starts listening through a connection of its own (never a pooled one); events committed
    /// after this returns are delivered. When the database is down the hub keeps trying in `run`.
    public static func start(configuration: PostgresConfiguration, switchboard: ModuleSwitchboard, logger: Logger) async -> EventHub {
        let listener: AsyncThrowingStream<PostgresNotification, any Error>?
        do {
            listener = try await PostgresListener.listen(configuration: configuration, channels: [channel], logger: logger)
        } catch {
            logger.warning("event hub cannot listen yet; retrying", metadata: ["error": "\(error)"])
            listener = nil
        }
        return EventHub(configuration: configuration, switchboard: switchboard, logger: logger, firstListener: listener)
    }

    private init(
        configuration: PostgresConfiguration, switchboard: ModuleSwitchboard, logger: Logger,
        firstListener: AsyncThrowingStream<PostgresNotification, any Error>?
    ) {
        self.configuration = configuration
        self.switchboard = switchboard
        self.logger = logger
        self.firstListener = firstListener
    }

    /// Delivers events until the service group shuts down, then ends every subscription.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var listener = self.firstListener
            while !Task.isCancelled {
                if let notifications = listener {
                    for try await notification in notifications { self.deliver(notification.payload) }
                    return
                }
                try await Task.sleep(for: .seconds(2))
                listener = try? await PostgresListener.listen(
                    configuration: self.configuration, channels: [Self.channel], logger: self.logger)
            }
        }
        subscribers.withLock { all in
            all.values.forEach { $0.continuation.finish() }
            all.removeAll()
        }
    }

    /// The events inside `scope` (and of `department`'s module, when given), as JSON text, until the caller stops iterating.
    func subscribe(scope: RegionCode, department: ModuleID? = nil) -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLock { _ = $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = Subscriber(scope: scope, department: department, continuation: continuation) }
        return stream
    }

    private func deliver(_ payload: String) {
        guard let routing = try? JSONDecoder().decode(Routing.self, from: Data(payload.utf8)) else { return }
        if routing.type?.hasPrefix("module.") == true, let module = routing.module.flatMap(ModuleID.init(rawValue:)), let enabled = routing.enabled {
            switchboard.apply(module, enabled: enabled)
            subscribers.withLock { all in all.values.forEach { $0.continuation.yield(payload) } }
            return
        }
        let regions = [routing.gridCode, routing.previousGridCode].compactMap { $0.flatMap { try? RegionCode($0) } }
        subscribers.withLock { all in
            for subscriber in all.values where regions.contains(where: subscriber.scope.contains) {
                if let department = subscriber.department, let module = routing.module, module != department.rawValue { continue }
                subscriber.continuation.yield(payload)
            }
        }
    }
}
