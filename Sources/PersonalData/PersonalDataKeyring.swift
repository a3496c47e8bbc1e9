import Crypto
import Foundation

/// The secret keys that protect personal data: AES-256-GCM keys by id (one of them current, used
/// for new values; the others kept to read old ones while keys rotate) and the HMAC key of the
/// blind index, which must never change while the data exists.
///
/// The text form, kept in a file or an environment variable, is one `name=value` per line:
/// ```
/// index=<base64 of 32 bytes>
/// key.k1=<base64 of 32 bytes>
/// current=k1
/// ```
public struct PersonalDataKeyring: Sendable {
    /// The id of the key that seals new values.
    public let currentKeyID: String
    let encryptionKeys: [String: SendableKey]
    let indexKey: SendableKey

    /// Why a keyring text cannot be used.
    public enum KeyringError: Error, CustomStringConvertible, Equatable {
        /// A line is not `name=value`, or a value is not base64 of 32 bytes.
        case malformed(line: Int, reason: String)
        /// A required entry is absent.
        case missing(String)
        /// A sealed value names a key this keyring does not have.
        case unknownKey(String)

        public var description: String {
            switch self {
            case .malformed(let line, let reason): "personal-data keyring, line \(line): \(reason)"
            case .missing(let entry): "personal-data keyring: `\(entry)` is missing"
            case .unknownKey(let id): "no personal-data key with id \(id); add the old key back to the keyring to read this value"
            }
        }
    }

    /// Reads a keyring from its text form.
    public init(text: String) throws(KeyringError) {
        var keys: [String: SendableKey] = [:]
        var index: SendableKey?
        var current: String?
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else { throw .malformed(line: number + 1, reason: "expected name=value") }
            let name = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            switch name {
            case "current": current = value
            case "index": index = try Self.key(value, line: number + 1)
            case _ where name.hasPrefix("key.") && name.count > 4:
                keys[String(name.dropFirst(4))] = try Self.key(value, line: number + 1)
            default: throw .malformed(line: number + 1, reason: "unknown entry \(name)")
            }
        }
        guard let index else { throw .missing("index") }
        guard let current else { throw .missing("current") }
        guard keys[current] != nil else { throw .missing("key.\(current)") }
        self.encryptionKeys = keys
        self.indexKey = index
        self.currentKeyID = current
    }

    /// A new keyring with fresh random keys, in its text form, for a new deployment or the demo.
    public static func generateText(keyID: String = "k1") -> String {
        func fresh() -> String { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } }
        return """
            # SafetyNet personal-data keys. Keep this secret and backed up: without it the stored
            # ID and phone numbers cannot be read or matched. Never change `index`.
            index=\(fresh())
            key.\(keyID)=\(fresh())
            current=\(keyID)

            """
    }

    private static func key(_ base64: String, line: Int) throws(KeyringError) -> SendableKey {
        guard let data = Data(base64Encoded: base64), data.count == 32 else {
            throw .malformed(line: line, reason: "expected base64 of 32 random bytes")
        }
        return SendableKey(key: SymmetricKey(data: data))
    }
}

/// A symmetric key shared across tasks. `SymmetricKey` is immutable once made, but this version of
/// swift-crypto does not declare it `Sendable`.
struct SendableKey: @unchecked Sendable {
    let key: SymmetricKey
}
