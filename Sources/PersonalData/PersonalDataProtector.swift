import Crypto
import Foundation
import SafetyNetKernel
import Synchronization

/// What a protected value is, bound into its ciphertext and its blind index so a value sealed as
/// one kind cannot be passed off as another.
public enum PersonalDataKind: String, Sendable, CaseIterable {
    /// A resident ID number.
    case idNumber = "id-number"
    /// A phone number.
    case phone = "phone"
}

/// A value encrypted at rest: the id of the key that sealed it and AES-GCM's nonce, ciphertext and tag.
public struct SealedValue: Hashable, Sendable {
    /// Which key of the keyring sealed it.
    public let keyID: String
    /// Nonce (12 bytes) + ciphertext + tag (16 bytes).
    public let combined: [UInt8]

    /// Wraps stored bytes.
    public init(keyID: String, combined: [UInt8]) {
        self.keyID = keyID
        self.combined = combined
    }
}

/// Encrypts, decrypts and indexes personal data with a keyring. Cheap to copy and safe to share.
///
/// A protector made from a keyring file follows the file: when keys rotate (`safetynet keys
/// rotate` adds a key to the file and re-seals the stored values with it), every copy of the
/// protector picks the new keyring up on ``reloadIfChanged()``, and at once when it meets a value
/// sealed with a key it does not know yet, so a running server keeps reading while rows are re-sealed.
public struct PersonalDataProtector: Sendable {
    private let slot: KeyringSlot

    /// The index key's HMAC state after each kind's prefix, so an index costs one pass over the value.
    /// The index key never changes, so these outlive any reload.
    private let indexStates: IndexStates

    /// The keys in use now.
    public var keyring: PersonalDataKeyring { slot.keyring }

    /// Creates a protector over `keyring`, which stays as it is.
    public init(keyring: PersonalDataKeyring) {
        slot = KeyringSlot(keyring: keyring, file: nil, text: nil)
        indexStates = IndexStates(key: keyring.indexKey.key)
    }

    /// Creates a protector over the keyring in `file`, following the file as keys rotate.
    public init(keyringFile file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let keyring = try PersonalDataKeyring(text: text)
        slot = KeyringSlot(keyring: keyring, file: file, text: text)
        indexStates = IndexStates(key: keyring.indexKey.key)
    }

    /// Reads the keyring file again when it changed; returns the new keyring, or nil when nothing
    /// changed or the protector has no file. Throws, keeping the keys in use, when the new file is
    /// unreadable or its index key differs (the stored indexes would stop matching).
    @discardableResult
    public func reloadIfChanged() throws -> PersonalDataKeyring? { try slot.reloadIfChanged() }

    /// Encrypts `text` with the current key.
    public func seal(_ text: String, as kind: PersonalDataKind) throws -> SealedValue {
        let keyring = slot.keyring
        let key = keyring.encryptionKeys[keyring.currentKeyID]!.key
        let box = try AES.GCM.seal(Data(text.utf8), using: key, authenticating: Data(kind.rawValue.utf8))
        return SealedValue(keyID: keyring.currentKeyID, combined: [UInt8](box.combined!))
    }

    /// Decrypts a value sealed by any key the keyring holds (re-reading the keyring file once for
    /// a key it does not know yet); throws when it was altered.
    public func open(_ sealed: SealedValue, as kind: PersonalDataKind) throws -> String {
        guard let key = slot.keyring.encryptionKeys[sealed.keyID]?.key ?? slot.reloadedKey(sealed.keyID) else {
            throw PersonalDataKeyring.KeyringError.unknownKey(sealed.keyID)
        }
        let box = try AES.GCM.SealedBox(combined: Data(sealed.combined))
        return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(kind.rawValue.utf8)), as: UTF8.self)
    }

    /// The length in bytes of every blind index.
    public static let blindIndexLength = SHA256.byteCount

    /// The blind index of a normalized value: HMAC-SHA256 under the index key, 32 bytes. Equal
    /// values give equal indexes, so rows match exactly without the value being stored in clear.
    public func blindIndex(_ normalized: String, as kind: PersonalDataKind) -> [UInt8] {
        var hmac = indexStates[kind]
        var value = normalized
        value.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return [UInt8](hmac.finalize())
    }

    /// A signature over `message` for `purpose`, with a key derived from the keyring's index key:
    /// for records kept outside the database (audit checkpoints), which nobody without the
    /// keyring can forge.
    public func sign(_ message: [UInt8], purpose: String) -> [UInt8] {
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: slot.keyring.indexKey.key, info: Data("safetynet \(purpose)".utf8), outputByteCount: 32)
        return [UInt8](HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// Everything stored for an ID number: sealed, indexed and masked.
    public func protect(_ number: ResidentIDNumber) throws -> ProtectedValue {
        ProtectedValue(sealed: try seal(number), index: blindIndex(number), masked: Masking.idNumber(number.value))
    }

    /// The sealed form of an ID number, alone: for rows that keep it only when no person matches.
    public func seal(_ number: ResidentIDNumber) throws -> SealedValue { try seal(number.value, as: .idNumber) }

    /// The blind index of an ID number, alone: what rows are matched to persons by.
    public func blindIndex(_ number: ResidentIDNumber) -> [UInt8] { blindIndex(number.value, as: .idNumber) }

    /// Everything stored for a phone number (digits only): sealed, indexed and masked.
    public func protect(phone: String) throws -> ProtectedValue {
        ProtectedValue(
            sealed: try seal(phone, as: .phone), index: blindIndex(phone, as: .phone), masked: Masking.phone(phone))
    }
}

/// HMAC states shared by copies of a protector. Each use copies a state (a value) and updates the
/// copy; swift-crypto's hash states copy their context before the first write, so the shared
/// originals are only ever read and may be read from any thread.
private struct IndexStates: @unchecked Sendable {
    private let idNumber: HMAC<SHA256>
    private let phone: HMAC<SHA256>

    init(key: SymmetricKey) {
        idNumber = Self.state(key: key, kind: .idNumber)
        phone = Self.state(key: key, kind: .phone)
    }

    subscript(kind: PersonalDataKind) -> HMAC<SHA256> {
        switch kind {
        case .idNumber: idNumber
        case .phone: phone
        }
    }

    private static func state(key: SymmetricKey, kind: PersonalDataKind) -> HMAC<SHA256> {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Data(kind.rawValue.utf8))
        hmac.update(data: [0])
        return hmac
    }
}

/// A protected value as stored: the ciphertext, the blind index and the masked form for display.
public struct ProtectedValue: Hashable, Sendable {
    /// The encrypted value.
    public let sealed: SealedValue
    /// The keyed hash used for exact matching.
    public let index: [UInt8]
    /// The display form, e.g. `220202********1234`.
    public let masked: String
}

/// The keyring every copy of a protector shares, and the file it came from.
private final class KeyringSlot: Sendable {
    private let state: Mutex<(keyring: PersonalDataKeyring, text: String?)>
    private let file: URL?

    /// A slot holding `keyring`, read as `text` from `file` (both nil for a keyring without a file).
    init(keyring: PersonalDataKeyring, file: URL?, text: String?) {
        self.file = file
        state = Mutex((keyring, text))
    }

    var keyring: PersonalDataKeyring { state.withLock { $0.keyring } }

    /// The key `id` after reading the file again (or after another caller just did); nil when
    /// the keyring still does not hold it.
    func reloadedKey(_ id: String) -> SymmetricKey? {
        _ = try? reloadIfChanged()
        return keyring.encryptionKeys[id]?.key
    }

    func reloadIfChanged() throws -> PersonalDataKeyring? {
        guard let file else { return nil }
        let text = try String(contentsOf: file, encoding: .utf8)
        guard text != state.withLock({ $0.text }) else { return nil }
        let keyring = try PersonalDataKeyring(text: text)
        guard keyring.indexFingerprint == self.keyring.indexFingerprint else { throw PersonalDataKeyring.KeyringError.indexChanged }
        state.withLock { $0 = (keyring, text) }
        return keyring
    }
}
