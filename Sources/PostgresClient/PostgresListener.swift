import CLibPQ
import Foundation
import Logging
import Synchronization

/// A message sent with `NOTIFY` (or `pg_notify`).
public struct PostgresNotification: Sendable, Hashable {
    /// The channel it was sent on.
    public let channel: String
    /// The payload text.
    public let payload: String
    /// The server process that sent it.
    public let senderProcessID: Int32
}

/// Receives notifications on a dedicated connection (never a pooled one) and a thread of its own.
///
/// `listen` returns once `LISTEN` has taken effect, so a `NOTIFY` sent afterwards is delivered.
/// If the connection breaks the listener reconnects and listens again; notifications sent while
/// it was reconnecting are lost, so consumers that need every event should re-read state then,
/// or pass `onListening`, which hears `false` when the connection breaks and `true` each time
/// `LISTEN` has taken effect again (the first time included).
public enum PostgresListener {
    /// Starts listening on `channels`; iterate the result to receive, stop iterating to close it.
    public static func listen(
        configuration: PostgresConfiguration, channels: [String],
        logger: Logger = Logger(label: "safetynet.postgres.listen"),
        onListening: @escaping @Sendable (Bool) -> Void = { _ in }
    ) async throws -> AsyncThrowingStream<PostgresNotification, any Error> {
        let (stream, continuation) = AsyncThrowingStream<PostgresNotification, any Error>.makeStream()
        let stopped = Arc(Atomic(false))
        continuation.onTermination = { _ in stopped.value.store(true, ordering: .relaxed) }
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let loop = ListenLoop(
                configuration: configuration, channels: channels, logger: logger,
                output: continuation, stopped: stopped, onListening: onListening)
            Thread { loop.run(ready: ready) }.start()
        }
        return stream
    }
}

/// A reference to a shared atomic, so a closure and a thread can both see it.
final class Arc<Value: ~Copyable>: Sendable where Value: Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = value }
}

private struct ListenLoop: Sendable {
    let configuration: PostgresConfiguration
    let channels: [String]
    let logger: Logger
    let output: AsyncThrowingStream<PostgresNotification, any Error>.Continuation
    let stopped: Arc<Atomic<Bool>>
    let onListening: @Sendable (Bool) -> Void

    func run(ready: CheckedContinuation<Void, any Error>) {
        var ready: CheckedContinuation<Void, any Error>? = ready
        var backoff = 0.1
        while !stopped.value.load(ordering: .relaxed) {
            do {
                let connection = try PostgresConnection(configuration: configuration)
                for channel in channels {
                    try connection.execute(script: "LISTEN \(try connection.escapeIdentifier(channel))")
                }
                onListening(true)
                ready?.resume()
                ready = nil
                backoff = 0.1
                defer { onListening(false) }
                try connection.deliverNotifications(until: { stopped.value.load(ordering: .relaxed) }, to: { output.yield($0) })
            } catch {
                if let pending = ready {
                    pending.resume(throwing: error)
                    output.finish(throwing: error)
                    return
                }
                logger.warning("listener connection failed; reconnecting", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 5)
            }
        }
        output.finish()
    }
}

extension PostgresConnection {
    /// Waits for notifications and hands each to `deliver` until `shouldStop` says so.
    /// Throws ``PostgresError/connectionLost(_:)`` when the connection breaks.
    func deliverNotifications(until shouldStop: () -> Bool, to deliver: (PostgresNotification) -> Void) throws {
        while !shouldStop() {
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 250)
            if ready < 0 && errno != EINTR { throw PostgresError.connectionLost("poll failed: errno \(errno)") }
            guard ready > 0 else { continue }
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else { throw connectionError() }
            while let notification = PQnotifies(handle) {
                deliver(
                    PostgresNotification(
                        channel: String(cString: notification.pointee.relname),
                        payload: String(cString: notification.pointee.extra),
                        senderProcessID: notification.pointee.be_pid))
                PQfreemem(notification)
            }
        }
    }
}
