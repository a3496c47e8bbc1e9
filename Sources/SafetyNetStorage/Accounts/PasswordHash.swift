import Crypto
import Foundation
import NIOCore
import NIOPosix
import _CryptoExtras

/// Passwords stored as scrypt (N = 2^15, r = 8, p = 1, 16-byte salt, 32-byte key), in the text
/// form `scrypt$15$8$1$<salt>$<key>` so the cost can rise later without breaking old hashes.
///
/// One hash costs about a tenth of a second of CPU and 32 MiB, so the async entry points run it
/// off the cooperative threads that serve every other request and hand pooled connections back.
/// Sign-in checks run on their own threads, one fewer than the machine has cores, and at most
/// ``maximumPendingChecks`` wait: a burst of sign-ins always leaves a core to everyone else, and
/// is refused with ``PasswordHashError/busy`` rather than queued without end.
public enum PasswordHash {
    /// The cost for new hashes: log2 of scrypt's N.
    static let logRounds = 15

    /// Hashes a password with a fresh salt, off the cooperative thread pool.
    public static func make(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { try makeNow(password) }
    }

    /// Whether `password` matches `stored`, checked off the cooperative thread pool; false for a
    /// malformed hash. With no stored hash (an unknown login) a decoy is checked, so the answer
    /// takes the same time and is always false.
    public static func verify(_ password: String, against stored: String?) async throws -> Bool {
        try await pendingChecks.run(orThrow: PasswordHashError.busy) {
            try await checkers.runIfActive {
                guard let stored else {
                    _ = verifyNow(password, against: decoy)
                    return false
                }
                return verifyNow(password, against: stored)
            }
        }
    }

    /// Sign-in checks waiting or running at most; more are refused at once.
    public static let maximumPendingChecks = 32
    private static let pendingChecks = AdmissionLimit(maximumPendingChecks)

    /// The threads sign-in checks run on.
    private static let checkers: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount - 1))
        pool.start()
        return pool
    }()

    /// A valid hash of a random password, made once, on a pool thread at the first unknown login.
    private static let decoy = try! makeNow(UUID().uuidString + UUID().uuidString)

    /// Hashes a password with a fresh salt on the calling thread.
    static func makeNow(_ password: String) throws -> String {
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let key = try derive(password, salt: salt, logRounds: logRounds, blockSize: 8, parallelism: 1)
        return "scrypt$\(logRounds)$8$1$\(Data(salt).base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Whether `password` matches `stored`, on the calling thread. Compares in constant time.
    static func verifyNow(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let logRounds = Int(parts[1]), (10...20).contains(logRounds),
            let blockSize = Int(parts[2]), let parallelism = Int(parts[3]),
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let actual = try? derive(password, salt: [UInt8](salt), logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        else { return false }
        return actual.count == expected.count && zip(actual, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(_ password: String, salt: [UInt8], logRounds: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32,
            rounds: 1 << logRounds, blockSize: blockSize, parallelism: parallelism, maxMemory: 64 << 20)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// Why a password could not be checked.
public enum PasswordHashError: Error, Sendable {
    /// Too many sign-ins are being checked at once; try again in a second.
    case busy
}
