import Foundation

/// Where "now" comes from. Everything that computes or checks a time limit reads it through this,
/// so tests and the deadline service can move time on.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's clock.
public struct SystemClock: WallClock {
    /// Creates the clock.
    public init() {}
    public func now() -> Date { Date() }
}
