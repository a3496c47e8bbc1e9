import Foundation
import Glibc
import PersonalData
import PostgresClient
import SafetyNetKernel
import Synchronization

/// Signed records of the audit chain's head, kept in a file outside the database, so that even
/// the database's owner, who can switch the append-only trigger off and recompute every hash,
/// is caught: the rewritten chain no longer holds the hash a checkpoint signed at its number,
/// and a checkpoint cannot be re-signed without the keyring.
///
/// One line per checkpoint: `seq hash-hex time signature-hex`, appended and flushed to disk.
public final class AuditCheckpoints: Sendable {
    /// The file the checkpoints are appended to.
    public let file: URL
    private let protector: PersonalDataProtector
    private let lastRecorded = Mutex<Int64?>(nil)

    /// Checkpoints in `file`, signed with a key derived from `protector`'s keyring.
    public init(file: URL, protector: PersonalDataProtector) {
        self.file = file
        self.protector = protector
    }

    /// What a verification found.
    public struct Verification: Sendable, Equatable {
        /// Checkpoints read.
        public let checkpoints: Int
        /// The first problem, or nil when every checkpoint holds.
        public let problem: String?
    }

    /// Appends a checkpoint of the chain's head when it moved since the last one; returns 1 when one was written.
    @discardableResult
    public func record(from pool: ConnectionPool, now: Date) async throws -> Int {
        let row = try await pool.query("SELECT seq, hash FROM audit_head")[0]
        let seq: Int64 = try row.decode("seq")
        let last = try lastRecorded.withLock { last in try last ?? (try self.read().last?.seq) }
        guard seq > 0, seq != last else { return 0 }
        let line = signed(seq: seq, hash: try row.decode("hash", as: PostgresBytes.self).bytes, at: now) + "\n"
        try append(line)
        lastRecorded.withLock { $0 = seq }
        return 1
    }

    /// Checks each checkpoint's signature, and that the chain still holds the signed hash at its number.
    public func verify(against pool: ConnectionPool) async throws -> Verification {
        let checkpoints = try read()
        for (number, checkpoint) in checkpoints.enumerated() where !checkpoint.isSigned {
            return Verification(
                checkpoints: checkpoints.count, problem: "checkpoint \(number + 1) (entry \(checkpoint.seq)) is not signed with this keyring")
        }
        let rows = try await pool.query("SELECT seq, encode(hash, 'hex') AS hash FROM audit_log WHERE seq = ANY(\(checkpoints.map(\.seq)))")
        let hashes = Dictionary(try rows.map { (try $0.decode("seq", as: Int64.self), try $0.decode("hash", as: String.self)) }) { first, _ in first }
        for checkpoint in checkpoints where hashes[checkpoint.seq] != checkpoint.hash {
            let found = hashes[checkpoint.seq] == nil ? "is missing, though a checkpoint" : "has another hash than the one the checkpoint"
            return Verification(
                checkpoints: checkpoints.count,
                problem: "entry \(checkpoint.seq) \(found) signed at \(checkpoint.at) holds: the chain was rewritten")
        }
        return Verification(checkpoints: checkpoints.count, problem: nil)
    }

    private struct Checkpoint {
        let seq: Int64
        let hash: String
        let at: String
        let isSigned: Bool
    }

    private func signed(seq: Int64, hash: [UInt8], at: Date) -> String {
        let body = "\(seq) \(Hex.encode(hash)) \(at.ISO8601Format())"
        return body + " " + Hex.encode(protector.sign(Array(body.utf8), purpose: "audit checkpoint"))
    }

    /// The checkpoints in the file; a last line cut short by a crash (no newline) is left out.
    private func read() throws -> [Checkpoint] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        let text = try String(contentsOf: file, encoding: .utf8)
        let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex)])
        return try complete.split(separator: "\n").enumerated().map { number, line in
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 4, let seq = Int64(parts[0]) else {
                throw CheckpointFileError(description: "\(file.path), line \(number + 1): not a checkpoint")
            }
            let body = parts[0...2].joined(separator: " ")
            let isSigned = Hex.encode(protector.sign(Array(body.utf8), purpose: "audit checkpoint")) == parts[3]
            return Checkpoint(seq: seq, hash: parts[1], at: parts[2], isSigned: isSigned)
        }
    }

    /// Appends with O_APPEND, so lines from several processes never interleave, and flushes to disk.
    private func append(_ line: String) throws {
        let descriptor = open(file.path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw CheckpointFileError(description: "cannot open \(file.path) to append a checkpoint") }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw CheckpointFileError(description: "cannot append a checkpoint to \(file.path)")
        }
    }

}

/// A checkpoint file that cannot be read as one.
public struct CheckpointFileError: Error, CustomStringConvertible {
    public let description: String
}
