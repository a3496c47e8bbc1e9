import Synchronization

/// A count of costly operations under way that turns away the one past its limit at once instead
/// of queueing it: DESIGN's bounded concurrency for sign-in checks and uploads, so that a burst of
/// them leaves cores, memory and pooled connections to every other request.
public final class AdmissionLimit: Sendable {
    /// Operations that may be under way at once.
    public let limit: Int
    private let running = Atomic<Int>(0)

    /// A limit of `limit` operations at once (at least one).
    public init(_ limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` when fewer than ``limit`` operations are under way; otherwise throws `refusal`
    /// without running it.
    public func run<R>(orThrow refusal: @autoclosure () -> any Error, _ body: () async throws -> R) async throws -> R {
        guard running.wrappingAdd(1, ordering: .relaxed).newValue <= limit else {
            running.wrappingSubtract(1, ordering: .relaxed)
            throw refusal()
        }
        defer { running.wrappingSubtract(1, ordering: .relaxed) }
        return try await body()
    }
}
