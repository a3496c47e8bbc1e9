import Foundation

/// Writing keyring files: readable by the owner only, replaced whole (a new file renamed over the
/// old one, after it reached the disk), so a crash never leaves half a keyring.
enum KeyringFile {
    static func write(_ text: String, to url: URL) throws {
        let temporary = url.appendingPathExtension("new")
        try? FileManager.default.removeItem(at: temporary)
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure("cannot write \(temporary.path)")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else { throw CommandFailure("cannot replace \(url.path): \(String(cString: strerror(errno)))") }
    }
}
