import Foundation
import Logging

/// The installed PostgreSQL server programs and how to run them.
struct PostgresTools: Sendable {
    /// The folder holding `initdb`, `pg_ctl` and `postgres`.
    let binaries: URL
    /// Who the server programs run as.
    let account: ServerAccount

    /// Finds the newest installed PostgreSQL; installs Debian's `postgresql` when none is found
    /// and this process may (it runs as root).
    static func locate(logger: Logger) throws -> PostgresTools {
        let account = try ServerAccount.current()
        if let binaries = findBinaries() { return PostgresTools(binaries: binaries, account: account) }
        guard account.isRoot else {
            throw LocalPostgresError.serverNotInstalled("run `sudo apt-get install -y postgresql`, or pass a database URL")
        }
        logger.notice("PostgreSQL is not installed; installing Debian's postgresql package")
        try Shell.run("/usr/bin/env", ["apt-get", "update"], log: nil)
        try Shell.run("/usr/bin/env", ["DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "postgresql"], log: nil)
        guard let binaries = findBinaries() else {
            throw LocalPostgresError.serverNotInstalled("apt-get install postgresql did not provide initdb")
        }
        return PostgresTools(binaries: binaries, account: try ServerAccount.current())
    }

    private static func findBinaries() -> URL? { folder(holding: ["initdb", "pg_ctl"]) }

    /// The folder holding all of `programs`: Debian keeps PostgreSQL's programs in
    /// /usr/lib/postgresql/<major>/bin (the newest major first); elsewhere they are on PATH.
    static func folder(holding programs: [String]) -> URL? {
        let debian = URL(fileURLWithPath: "/usr/lib/postgresql")
        let majors = ((try? FileManager.default.contentsOfDirectory(atPath: debian.path)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates =
            majors.map { debian.appendingPathComponent("\($0)/bin") } + path.split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        return candidates.first { folder in
            programs.allSatisfy { FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent($0).path) }
        }
    }

    /// Runs a server program as the account that owns the cluster; output goes to `launcher.log`.
    func run(_ program: String, _ arguments: [String], in folder: URL) throws {
        try account.prepareOwnership(of: folder)
        let (executable, fullArguments) = command(program, arguments)
        try Shell.run(executable, fullArguments, log: folder.appendingPathComponent("launcher.log"))
    }

    /// The program and arguments that run `program` as the server account (`runuser` when root,
    /// since the PostgreSQL programs refuse to run as root).
    private func command(_ program: String, _ arguments: [String]) -> (String, [String]) {
        let executable = binaries.appendingPathComponent(program).path
        return account.isRoot ? ("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments) : (executable, arguments)
    }

    /// The port of the server running on `data`, or nil when it is not running.
    func runningPort(data: URL) -> Int? {
        let (executable, arguments) = command("pg_ctl", ["-D", data.path, "status"])
        let status = (try? Shell.status(executable, arguments)) ?? 1
        guard status == 0,
            let pidFile = try? String(contentsOf: data.appendingPathComponent("postmaster.pid"), encoding: .utf8)
        else { return nil }
        let lines = pidFile.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count > 3 ? Int(lines[3]) : nil
    }
}

/// The operating-system account the server runs as: this process's user, or `postgres` for root.
struct ServerAccount: Sendable {
    let isRoot: Bool
    let serverUserID: uid_t
    let serverGroupID: gid_t

    static func current() throws -> ServerAccount {
        guard geteuid() == 0 else { return ServerAccount(isRoot: false, serverUserID: geteuid(), serverGroupID: getegid()) }
        guard let entry = getpwnam("postgres") else {
            throw LocalPostgresError.serverNotInstalled("running as root needs the `postgres` user, which Debian's postgresql package creates")
        }
        return ServerAccount(isRoot: true, serverUserID: entry.pointee.pw_uid, serverGroupID: entry.pointee.pw_gid)
    }

    /// As root, the `postgres` user must be able to reach the folder; when a parent folder
    /// (say /root) is closed to others, the cluster lives under /var/tmp instead.
    func reachableFolder(for folder: URL, logger: Logger) throws -> URL {
        let folder = folder.standardizedFileURL
        guard isRoot, !Self.othersCanTraverse(folder.deletingLastPathComponent()) else { return folder }
        let key = folder.path.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        let fallback = URL(fileURLWithPath: "/var/tmp/safetynet-postgres/\(folder.lastPathComponent)-\(String(key, radix: 16))")
        logger.notice("the postgres user cannot reach \(folder.path); keeping the cluster in \(fallback.path)")
        return fallback
    }

    private static func othersCanTraverse(_ folder: URL) -> Bool {
        var current = folder
        while current.path != "/" {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: current.path),
                let mode = attributes[.posixPermissions] as? Int, mode & 0o001 == 0
            {
                return false
            }
            current = current.deletingLastPathComponent()
        }
        return true
    }

    /// Gives the cluster's folder (not the credentials) to the server account.
    func prepareOwnership(of folder: URL) throws {
        guard isRoot else { return }
        chown(folder.path, serverUserID, serverGroupID)
        chmod(folder.path, 0o755)
        let data = folder.appendingPathComponent("data")
        if FileManager.default.fileExists(atPath: data.path) { chown(data.path, serverUserID, serverGroupID) }
    }

    /// Writes a file only the server account can read.
    func writePrivately(_ text: String, to file: URL) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw LocalPostgresError.cannotWrite(file.path)
        }
        if isRoot { chown(file.path, serverUserID, serverGroupID) }
    }
}

/// Runs programs and waits for them.
enum Shell {
    /// Runs and throws with the end of the output when the exit status is not zero.
    static func run(_ executable: String, _ arguments: [String], log: URL?) throws {
        let output = log ?? FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-\(UUID().uuidString).log")
        if !FileManager.default.fileExists(atPath: output.path) {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: output)
        try handle.seekToEnd()
        let start = try handle.offset()
        let status = try launch(executable, arguments, output: handle)
        try handle.close()
        guard status == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            let tail = String(text.utf8.dropFirst(Int(start)).suffix(4000)) ?? ""
            throw LocalPostgresError.commandFailed(
                command: ([executable] + arguments).joined(separator: " "), status: status, output: tail)
        }
        if log == nil { try? FileManager.default.removeItem(at: output) }
    }

    /// Runs with output discarded and returns the exit status.
    static func status(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let devNull = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
        defer { try? devNull.close() }
        return try launch(executable, arguments, output: devNull)
    }

    /// Spawns the program with `output` as its standard output and error and waits for it.
    private static func launch(_ executable: String, _ arguments: [String], output: FileHandle) throws -> Int32 {
        try launch(executable, arguments, input: nil, output: output.fileDescriptor, errors: output.fileDescriptor)
    }

    /// Spawns the program reading `input` (or /dev/null), writing `output` and `errors`, with
    /// `environment` added to this process's, and waits for it; returns its exit status.
    ///
    /// `posix_spawn` and `waitpid` rather than Foundation's `Process`: `pg_ctl start` leaves a
    /// daemon behind that keeps the output open, and `Process.waitUntilExit` was seen to hang then.
    static func launch(
        _ executable: String, _ arguments: [String], input: Int32?, output: Int32, errors: Int32, environment: [String: String] = [:]
    ) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { strdup("\($0)=\($1)") } + [nil]
        defer { for variable in variables { free(variable) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, variables)
        guard spawned == 0 else {
            throw LocalPostgresError.commandFailed(command: executable, status: spawned, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// TCP ports on 127.0.0.1.
public enum LoopbackPort {
    /// Whether nothing listens on `port` on 127.0.0.1.
    public static func isFree(_ port: Int) -> Bool { (try? bind(port)) != nil }

    /// A port the kernel picks as free right now.
    public static func free() throws -> Int { try bind(0) }

    private static func bind(_ port: Int) throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw LocalPostgresError.noFreePort }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                Glibc.bind(socketDescriptor, generic, length) == 0 && getsockname(socketDescriptor, generic, &length) == 0
            }
        }
        guard bound else { throw LocalPostgresError.noFreePort }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A folder held by one process for as long as it runs, so that a second one on the same folder
/// refuses instead of sharing (and, when it exits, stopping) the first one's database.
public enum FolderClaim {
    /// Claims `folder` for this process until it exits; throws when another process holds it.
    public static func claim(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("in-use.lock")
        let descriptor = open(file.path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw LocalPostgresError.cannotWrite(file.path) }
        // Kept open on purpose: the claim ends when the process does, however it ends.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw LocalPostgresError.folderInUse(folder.path)
        }
    }
}

/// An exclusive advisory lock on a file, so two processes do not start one cluster at once.
enum FileLock {
    static func withLock<R>(at file: URL, _ body: () throws -> R) throws -> R {
        let descriptor = open(file.path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw LocalPostgresError.cannotWrite(file.path) }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
