import Foundation

/// Files only their owner may read (keyrings, backups), created with that mode from the first
/// byte: never briefly readable under the process's umask, as writing first and changing the mode
/// afterwards would leave them.
public enum PrivateFile {
    /// Why a private file could not be made.
    public struct Failure: Error, CustomStringConvertible {
        /// What could not be done, and the system's reason.
        public let description: String
    }

    /// Creates `url`, which must not exist, mode 0600, and returns it open for writing.
    public static func create(_ url: URL) throws(Failure) -> FileHandle {
        let descriptor = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(url.path): \(String(cString: strerror(errno)))") }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Replaces `url` whole with `text`: a new private file, on disk before it is renamed over the
    /// old one, given the old one's owner (so a keyring rewritten by root stays readable by the
    /// service user that owns it). A crash leaves either the old file or the new one.
    public static func replace(_ url: URL, with text: String) throws(Failure) {
        let temporary = url.appendingPathExtension("new")
        unlink(temporary.path)
        var existing = stat()
        let owner = stat(url.path, &existing) == 0 ? (user: existing.st_uid, group: existing.st_gid) : nil
        let handle = try create(temporary)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            if let owner, fchown(handle.fileDescriptor, owner.user, owner.group) != 0 {
                throw Failure(
                    description:
                        "cannot give \(temporary.path) to uid \(owner.user): \(String(cString: strerror(errno))); run as that user or as root")
            }
            try handle.synchronize()
            try handle.close()
        } catch let failure as Failure {
            unlink(temporary.path)
            throw failure
        } catch {
            unlink(temporary.path)
            throw Failure(description: "cannot write \(temporary.path): \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw Failure(description: "cannot replace \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
