import Synchronization

/// One version of a district's settings: admins change settings at runtime, and each change is a
/// new numbered version, so what was decided or raised under the old values can say so.
public struct DistrictSettings: Sendable, Hashable {
    /// The version number, from 1; 0 only before the stored versions are loaded.
    public let version: Int
    /// The values of this version.
    public let values: AssistanceSettings

    /// Pairs `values` with their version number.
    public init(version: Int, values: AssistanceSettings) {
        self.version = version
        self.values = values
    }
}

/// The district's settings in force, shared by everything that reads them and replaced whole
/// when a new version is stored.
public final class DistrictSettingsBoard: Sendable {
    private let state: Mutex<DistrictSettings>

    /// A board holding `settings`.
    public init(_ settings: DistrictSettings) { state = Mutex(settings) }

    /// The version in force now.
    public var current: DistrictSettings { state.withLock { $0 } }

    /// Puts `settings` in force unless a later version already is (two changes may be read back
    /// out of order).
    public func install(_ settings: DistrictSettings) {
        state.withLock { if settings.version >= $0.version { $0 = settings } }
    }
}
