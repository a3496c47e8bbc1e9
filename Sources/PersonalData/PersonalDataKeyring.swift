import Crypto
import Foundation
import SafetyNetKernel

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
        /// A new keyring file has another index key than the one in use.
        case indexChanged
        /// A key still seals stored values and cannot be retired.
        case keyInUse(String, values: Int)
        /// The current key cannot be retired.
        case retiringCurrent(String)

        public var description: String {
            switch self {
            case .malformed(let line, let reason): "personal-data keyring, line \(line): \(reason)"
            case .missing(let entry): "personal-data keyring: `\(entry)` is missing"
            case .unknownKey(let id): "no personal-data key with id \(id); add the old key back to the keyring to read this value"
            case .indexChanged:
                "the keyring file's index key changed; the index key must never change while data exists: put the old `index` line back"
            case .keyInUse(let id, let values):
                "key \(id) still seals \(values) stored values; run `safetynet keys rotate --resume` until none are left, then retire it"
            case .retiringCurrent(let id): "key \(id) seals new values; rotate to a new key first (`safetynet keys rotate`)"
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

    /// The ids of the sealing keys this keyring holds.
    public var keyIDs: Set<String> { Set(encryptionKeys.keys) }

    /// A short public fingerprint of the blind-index key: the same for the same key, telling
    /// nothing of it. A backup records it, so that a restore can tell whether this keyring is the
    /// one its data was indexed with before anything is matched against the wrong index.
    public var indexFingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("safetynet index fingerprint".utf8), using: indexKey.key)
        return Hex.encode(Data(mac).prefix(8))
    }

    /// This keyring with a fresh random key added and made current; its id is the next `k<n>`.
    public func addingKey() -> PersonalDataKeyring {
        let next = (encryptionKeys.keys.compactMap { $0.hasPrefix("k") ? Int($0.dropFirst()) : nil }.max() ?? 0) + 1
        var keys = encryptionKeys
        keys["k\(next)"] = SendableKey(key: SymmetricKey(size: .bits256))
        return PersonalDataKeyring(currentKeyID: "k\(next)", encryptionKeys: keys, indexKey: indexKey)
    }

    /// This keyring without the key `id`, which must not be the current one.
    public func removingKey(_ id: String) throws(KeyringError) -> PersonalDataKeyring {
        guard id != currentKeyID else { throw .retiringCurrent(id) }
        guard encryptionKeys[id] != nil else { throw .unknownKey(id) }
        return PersonalDataKeyring(currentKeyID: currentKeyID, encryptionKeys: encryptionKeys.filter { $0.key != id }, indexKey: indexKey)
    }

    private init(currentKeyID: String, encryptionKeys: [String: SendableKey], indexKey: SendableKey) {
        self.currentKeyID = currentKeyID
        self.encryptionKeys = encryptionKeys
        self.indexKey = indexKey
    }

    /// The keyring in its text form, as a keyring file holds it.
    public var text: String {
        func base64(_ key: SendableKey) -> String { key.key.withUnsafeBytes { Data($0).base64EncodedString() } }
        let keys = encryptionKeys.sorted { $0.key < $1.key }.map { "key.\($0.key)=\(base64($0.value))" }
        return ([Self.header, "index=\(base64(indexKey))"] + keys + ["current=\(currentKeyID)", ""]).joined(separator: "\n")
    }

    private static let header = """
        # SafetyNet personal-data keys. Keep this secret and backed up: without it the stored
        # ID and phone numbers cannot be read or matched. Never change `index`.
        """

    /// A new keyring with fresh random keys, in its text form, for a new deployment or the demo.
    public static func generateText(keyID: String = "k1") -> String {
        let fresh = { SendableKey(key: SymmetricKey(size: .bits256)) }
        return PersonalDataKeyring(currentKeyID: keyID, encryptionKeys: [keyID: fresh()], indexKey: fresh()).text
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
