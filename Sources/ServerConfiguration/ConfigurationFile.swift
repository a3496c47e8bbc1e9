import Foundation
import Yams

/// Why a configuration file cannot be used.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The key at fault, when one is.
    public let key: String?
    /// What is wrong and what to do.
    public let message: String

    public var description: String { "\(path)\(key.map { ": \($0)" } ?? ""): \(message)" }
}

/// A configuration file: YAML, one `key: value` per setting, the keys being
/// ``SettingKey/fileKey`` (`port: 8443`, `tls-certificate: /etc/safetynet/tls/fullchain.pem`).
/// A key it does not know is refused rather than ignored, so a misspelt setting never passes
/// unnoticed.
public struct ConfigurationFile: Sendable, Equatable {
    /// Where it was read from.
    public let path: String
    /// The values, by setting.
    public let values: [SettingKey: String]

    /// Reads and checks the file's shape: a mapping of known keys to single values.
    public init(path: String) throws(ConfigurationError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(path: path, key: nil, message: "cannot be read: \(error.localizedDescription)")
        }
        self = try Self(text: text, path: path)
    }

    /// Reads `text` as the file at `path` would be read.
    public init(text: String, path: String) throws(ConfigurationError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(path: path, key: nil, message: "is not YAML: \(error)")
        }
        guard let mapping = node?.mapping else {
            if node == nil {
                (self.path, self.values) = (path, [:])
                return
            }
            throw ConfigurationError(path: path, key: nil, message: "must be a mapping of `key: value` lines")
        }
        let keys = Dictionary(uniqueKeysWithValues: SettingKey.allCases.map { ($0.fileKey, $0) })
        var values: [SettingKey: String] = [:]
        for (keyNode, valueNode) in mapping {
            let name = keyNode.string ?? "\(keyNode)"
            let line = keyNode.mark.map { " (line \($0.line))" } ?? ""
            guard let key = keys[name] else {
                throw ConfigurationError(
                    path: path, key: name, message: "unknown setting\(line); known: \(keys.keys.sorted().joined(separator: ", "))")
            }
            guard let value = valueNode.scalar?.string else {
                throw ConfigurationError(path: path, key: name, message: "must be a single value\(line), not a list or mapping")
            }
            values[key] = value
        }
        (self.path, self.values) = (path, values)
    }
}
