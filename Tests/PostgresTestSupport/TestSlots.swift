import DequeModule
import Foundation
import Synchronization

/// How many database tests run at once.
///
/// Swift Testing starts every test together; on a two-core machine the heavy ones (a district,
/// a server, a TLS client each) then share the CPU so thinly that a pool checkout or a client read
/// can run past its timeout. Admitting a few at a time in arrival order keeps each test's timing
/// close to a quiet machine's, at the same total time: the work is CPU-bound either way.
enum TestSlots {
    /// Tests admitted at once: two per core, at least four.
    static let width = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    @TaskLocal private static var held = false

    private struct State {
        var free = TestSlots.width
        var waiting = Deque<CheckedContinuation<Void, Never>>()
    }

    private static let state = Mutex(State())

    /// Runs `body` holding a slot; a task that already holds one (a nested database) does not take another.
    static func withSlot<R>(_ body: () async throws -> R) async throws -> R {
        if held { return try await body() }
        await acquire()
        defer { release() }
        return try await $held.withValue(true) { try await body() }
    }

    private static func acquire() async {
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state in
                guard state.free > 0 else {
                    state.waiting.append(continuation)
                    return false
                }
                state.free -= 1
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    private static func release() {
        let next = state.withLock { state in
            guard let next = state.waiting.popFirst() else {
                state.free += 1
                return nil as CheckedContinuation<Void, Never>?
            }
            return next
        }
        next?.resume()
    }
}
