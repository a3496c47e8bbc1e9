import Foundation
import Glibc
import Logging
import Synchronization

/// Writes log lines off the request path: lines gather in ``LogOutput`` and a thread of their own
/// writes them out, so a request never waits for a write to standard error (measured: a third of
/// a small request's cost). Lines are text, as swift-log's `StreamLogHandler` writes them, or JSON
/// (one object per line) for a log collector; see ``LogFormat``.
public struct BufferedLogHandler: LogHandler {
    /// The logger's label, written on every line.
    public let label: String
    let output: LogOutput
    let format: LogFormat
    /// Lines below this level are dropped.
    public var logLevel: Logger.Level
    /// Metadata added to every line of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added to every line from the context it is written in (the request's id).
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` writing `format` lines to `output` from `level` up, with what
    /// `metadataProvider` adds (such as ``RequestLogContext/metadataProvider``).
    public init(
        label: String, output: LogOutput, format: LogFormat = .text, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.output = output
        self.format = format
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    /// One entry of ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats the event with all its metadata and hands the line to the output.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let line = format.line(
            time: output.timestamp(), level: event.level, label: label, source: event.source, message: "\(event.message)", metadata: merged)
        output.append(line, now: event.level >= .warning)
    }
}

/// Log text waiting to be written to a file descriptor. A thread writes what gathered every
/// ``interval``; warnings and worse are written at once, with everything before them, and so is
/// whatever remains when the process exits normally. A crash can lose at most the last
/// ``interval`` of request lines, never a warning.
public final class LogOutput: Sendable {
    /// Standard error, flushed at exit.
    public static let standardError: LogOutput = {
        let output = LogOutput(descriptor: STDERR_FILENO)
        atexit { LogOutput.standardError.flush() }
        return output
    }()

    /// How long a line may wait.
    static let interval: Duration = .milliseconds(50)
    /// Gathered text past which the appender writes it itself.
    static let highWater = 256 * 1024

    private let descriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    /// Held while text is written, so writes keep their order; appenders never wait for it.
    private let writing = Mutex(())
    /// The current second and its text, so the time is formatted once a second, not once a line.
    private let clock = Mutex<(second: time_t, text: String)>((0, ""))

    init(descriptor: Int32) {
        self.descriptor = descriptor
        let thread = Thread { [self] in
            while true {
                usleep(UInt32(Self.interval / .microseconds(1)))
                flush()
            }
        }
        thread.start()
    }

    /// Adds `line`; writes everything now when `now` or when much has gathered.
    public func append(_ line: String, now: Bool) {
        let full = pending.withLock { bytes in
            bytes.append(contentsOf: line.utf8)
            return bytes.count >= Self.highWater
        }
        if now || full { flush() }
    }

    /// Writes everything gathered. The text is taken out under the short lock, and written under
    /// ``writing`` only, so requests logging meanwhile are not held up by the system call.
    public func flush() {
        writing.withLock { _ in
            write(
                pending.withLock { bytes in
                    defer { bytes = [] }
                    return bytes
                })
        }
    }

    /// Writes `bytes` out, as far as the descriptor takes them.
    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { break }  // nowhere to write: drop the text rather than block requests
            offset += written
        }
    }

    /// Local time as `StreamLogHandler` writes it, e.g. `2026-12-02T13:05:09+0800`.
    public func timestamp() -> String {
        let second = time(nil)
        return clock.withLock { cached in
            if cached.second == second { return cached.text }
            var local = tm()
            var now = second
            localtime_r(&now, &local)
            var buffer = [CChar](repeating: 0, count: 64)
            strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
            cached = (second, String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            return cached.text
        }
    }
}
