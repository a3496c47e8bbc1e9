import Foundation
import Synchronization

/// Slows guessing at passwords: after too many failed sign-ins within a window, further attempts
/// for that login, or from that client address, are refused without checking the password (so
/// they cost no hashing) until the oldest failure leaves the window.
///
/// Counts are kept in this process; a deployment of several processes throttles each on its own.
final class SignInThrottle: Sendable {
    /// The limits.
    struct Policy: Sendable {
        /// Failed sign-ins allowed per login within `window`.
        var failuresPerLogin = 5
        /// Failed sign-ins allowed per client address within `window`, over all logins.
        var failuresPerAddress = 50
        /// How far back failures count.
        var window: TimeInterval = 15 * 60
        /// Logins and addresses tracked at most; the stalest are forgotten first.
        var capacity = 50_000
    }

    /// Why an attempt is refused and for how long.
    struct Refusal: Sendable, Equatable {
        /// Seconds until an attempt will be checked again.
        let retryAfter: Int
        /// Whether this is the first refusal since the limit was reached, the one worth auditing.
        let isFirst: Bool
    }

    private struct Record {
        var failures: [Date] = []
        var refused = false
    }

    private let policy: Policy
    private let records = Mutex([String: Record]())

    init(policy: Policy = Policy()) { self.policy = policy }

    /// Refuses the attempt when its login or address has used up its failures.
    func check(login: String, address: String?, now: Date) -> Refusal? {
        records.withLock { records in
            let keys = [(Self.loginKey(login), policy.failuresPerLogin)] + (address.map { [(Self.addressKey($0), policy.failuresPerAddress)] } ?? [])
            var refusal: Refusal?
            for (key, limit) in keys {
                guard var record = records[key] else { continue }
                record.failures.removeAll { now.timeIntervalSince($0) >= policy.window }
                if record.failures.count >= limit, let oldest = record.failures.first {
                    let wait = max(1, Int((policy.window - now.timeIntervalSince(oldest)).rounded(.up)))
                    refusal = Refusal(retryAfter: max(wait, refusal?.retryAfter ?? 0), isFirst: !record.refused || refusal?.isFirst == true)
                    record.refused = true
                } else {
                    record.refused = false
                }
                records[key] = record
            }
            return refusal
        }
    }

    /// Counts a failed sign-in against the login and the address.
    func recordFailure(login: String, address: String?, now: Date) {
        records.withLock { records in
            if records.count >= policy.capacity { forgetStalest(&records) }
            for key in [Self.loginKey(login)] + (address.map { [Self.addressKey($0)] } ?? []) {
                records[key, default: Record()].failures.append(now)
            }
        }
    }

    /// Clears the login's failures after a successful sign-in.
    func recordSuccess(login: String) {
        _ = records.withLock { $0.removeValue(forKey: Self.loginKey(login)) }
    }

    private func forgetStalest(_ records: inout [String: Record]) {
        let stalest = records.sorted { ($0.value.failures.last ?? .distantPast) < ($1.value.failures.last ?? .distantPast) }
        for (key, _) in stalest.prefix(max(1, records.count / 10)) { records.removeValue(forKey: key) }
    }

    private static func loginKey(_ login: String) -> String { "login:" + login.lowercased() }
    private static func addressKey(_ address: String) -> String { "address:" + address }
}
