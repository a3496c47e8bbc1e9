import Foundation
import Synchronization

/// Where settings come from, in order: the flag, the environment, the configuration file. One per
/// process, chosen at start (``use(_:)``) before any setting is read.
public struct SettingSources: Sendable {
    /// The process's environment.
    public let environment: [String: String]
    /// The configuration file, when one is given.
    public let file: ConfigurationFile?

    /// Sources over `environment` and `file`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, file: ConfigurationFile? = nil) {
        self.environment = environment
        self.file = file
    }

    private static let chosen = Mutex(SettingSources())

    /// The sources the process reads; the environment alone until ``use(_:)``.
    public static var current: SettingSources { chosen.withLock { $0 } }

    /// Makes `sources` the process's sources.
    public static func use(_ sources: SettingSources) { chosen.withLock { $0 = sources } }

    /// The value of `key`: `flag` when given, else the environment's, else the file's.
    public func value(_ key: SettingKey, flag: String?) -> String? {
        flag ?? environment[key.variable] ?? file?.values[key]
    }

    /// Where `key`'s value comes from, for reports: `flag`, `environment` or the file's path.
    public func origin(_ key: SettingKey, flag: String?) -> String? {
        if flag != nil { return "flag" }
        if environment[key.variable] != nil { return "environment \(key.variable)" }
        return file?.values[key] != nil ? "\(file!.path)" : nil
    }

    /// A secret's value, the value itself or the contents of the file its `…_FILE` variant names
    /// (as containers hand secrets over), trimmed; the flag first, then the environment (value,
    /// then file), then the configuration file (value, then file).
    public func secret(_ key: SettingKey, flag: String?) throws(ConfigurationError) -> String? {
        if let flag { return flag }
        if let value = environment[key.variable] { return value }
        if let variant = key.fileVariant, let path = environment[variant.variable] { return try Self.read(path, for: variant) }
        if let value = file?.values[key] { return value }
        if let variant = key.fileVariant, let path = file?.values[variant] { return try Self.read(path, for: variant) }
        return nil
    }

    private static func read(_ path: String, for variant: SettingKey) throws(ConfigurationError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw ConfigurationError(path: path, key: variant.fileKey, message: "cannot be read: \(error.localizedDescription)")
        }
    }
}
