import ArgumentParser
import AsyncHTTPClient
import Crypto
import FeedIntake
import Foundation
import NIOCore
import NIOSSL
import SafetyNetKernel
import Synchronization

extension FeedCommand {
    /// `safetynet feed upload FILE --feed ID`: sends a department's file to a running server.
    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a department's file to a running server as one batch, with a progress bar, and report what it kept and refused.",
            discussion: """
                The file streams as it is read, whatever its size. Sending the same batch again (same --batch) changes nothing; \
                a batch cut off mid-way starts over when sent again. Exit status 0 when the batch is kept, 1 when it is refused \
                or some of its rows are (they are listed).
                """)

        @OptionGroup var input: FeedFileOptions

        @Option(help: "The batch's id; by default the file's name and the start of its SHA-256, so the same file is one batch.")
        var batch: String?

        @Flag(name: .customLong("all-or-nothing"), help: "Keep nothing when any row is refused.")
        var allOrNothing = false

        @Option(help: "The server's address; env SAFETYNET_SERVER (default https://127.0.0.1:8443).")
        var server: String?

        @Option(help: "A session token or API key; env SAFETYNET_TOKEN. Not needed with --certificate.")
        var token: String?

        @Option(help: "PEM client certificate issued to the department's system, for mutual TLS (with --key).")
        var certificate: String?

        @Option(help: "PEM private key of --certificate.")
        var key: String?

        @Option(name: .customLong("ca"), help: "PEM file of the CA that issued the server's certificate; env SAFETYNET_CA.")
        var certificateAuthority: String?

        @Flag(help: "Accept any server certificate (the demo's self-signed one). Never across a network.")
        var insecure = false

        @Option(help: "How many problems to print.")
        var show: Int = 20

        func validate() throws {
            guard show >= 0 else { throw ValidationError("--show is 0 or more") }
        }

        func run() async throws {
            let (format, encoding) = try input.formatAndEncoding()
            let size = try FileSizeReading.size(of: input.file)
            let batch = try batch ?? Self.defaultBatchID(input.file)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: try tls()))
            defer { _ = client.shutdown() }
            var request = HTTPClientRequest(url: try uploadURL(batch: batch, encoding: encoding))
            request.method = .POST
            request.headers.add(name: "Content-Type", value: format == .csv ? "text/csv" : "application/x-ndjson")
            if let token = resolvedToken { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            let progress = ProgressBar(total: size)
            request.body = .stream(FileChunks(path: input.file, progress: progress), length: .known(Int64(size)))
            let response = try await client.execute(request, timeout: .hours(6))
            let body = try await response.body.collect(upTo: 1 << 20)
            progress.finish()
            let answer = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
            let location = response.headers.first(name: "Location")
            if let location, response.status == .created || response.status == .ok || response.status == .unprocessableEntity {
                try await report(location: location, replayed: response.status == .ok, client: client)
            } else {
                throw CommandFailure("the server refused the batch (\(response.status.code)): \(answer["message"] as? String ?? "no message")")
            }
        }

        private var resolvedToken: String? { token ?? ProcessInfo.processInfo.environment["SAFETYNET_TOKEN"] }
        private var serverAddress: String {
            server ?? ProcessInfo.processInfo.environment["SAFETYNET_SERVER"] ?? "https://127.0.0.1:8443"
        }

        private func uploadURL(batch: String, encoding: FeedEncoding) throws -> String {
            var components = URLComponents()
            components.queryItems = [
                URLQueryItem(name: "batch", value: batch), URLQueryItem(name: "encoding", value: encoding.rawValue),
                URLQueryItem(name: "allOrNothing", value: allOrNothing ? "true" : "false"),
            ]
            guard let query = components.percentEncodedQuery else { throw ValidationError("--batch cannot be put in a URL") }
            return "\(serverAddress)/api/v1/feeds/\(input.feed)/batches?\(query)"
        }

        private func tls() throws -> TLSConfiguration {
            var tls = TLSConfiguration.makeClientConfiguration()
            if insecure { tls.certificateVerification = .none }
            if let authority = certificateAuthority ?? ProcessInfo.processInfo.environment["SAFETYNET_CA"] {
                tls.trustRoots = .file(authority)
            }
            switch (certificate, key) {
            case (nil, nil):
                guard resolvedToken != nil else { throw ValidationError("pass --token (or SAFETYNET_TOKEN), or --certificate and --key") }
            case (let certificate?, let key?):
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            default: throw ValidationError("--certificate and --key go together")
            }
            return tls
        }

        /// Prints the batch as the server ended it, and its first problems.
        private func report(location: String, replayed: Bool, client: HTTPClient) async throws {
            let batch = try await get(location, client: client)
            let rows = batch["rows"] as? [String: Int] ?? [:]
            let status = batch["status"] as? String ?? "?"
            if replayed { print("this batch was sent before (\(batch["senderBatchID"] as? String ?? "")): its result, unchanged") }
            print("batch \(batch["id"] as? String ?? "?"): \(status)")
            print(
                "rows \(rows["read"] ?? 0): accepted \(rows["accepted"] ?? 0) (matched \(rows["matched"] ?? 0), "
                    + "unknown to the registry \(rows["unmatched"] ?? 0)), refused \(rows["refused"] ?? 0)")
            if let ignored = batch["ignoredColumns"] as? [String], !ignored.isEmpty {
                print("columns not in the feed, ignored: \(ignored.joined(separator: ", "))")
            }
            if let refusal = batch["refusal"] as? [String: String] { print("refused: \(refusal["message"] ?? "") [\(refusal["code"] ?? "")]") }
            if (rows["refused"] ?? 0) > 0 {
                let page = try await get("\(location)/problems?limit=\(max(1, min(show, 500)))", client: client)
                for problem in (page["items"] as? [[String: Any]] ?? []).prefix(show) {
                    let field = (problem["field"] as? String).flatMap { $0.isEmpty ? nil : " \($0)" } ?? ""
                    let value = (problem["value"] as? String).map { " (\($0))" } ?? ""
                    print(
                        "row \(problem["row"] as? Int ?? 0)\(field)\(value): \(problem["message"] as? String ?? "") [\(problem["code"] as? String ?? "")]"
                    )
                }
                print("every problem: GET \(location)/problems")
            }
            if status != "done" || (rows["refused"] ?? 0) > 0 { throw ExitCode.failure }
        }

        private func get(_ path: String, client: HTTPClient) async throws -> [String: Any] {
            var request = HTTPClientRequest(url: serverAddress + path)
            if let token = resolvedToken { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            let response = try await client.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1 << 24)
            guard response.status == .ok, let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
                throw CommandFailure("GET \(path) answered \(response.status.code)")
            }
            return object
        }

        /// The file's name and the first 12 hex digits of its SHA-256: the same file is the same batch.
        static func defaultBatchID(_ path: String) throws -> String {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure("cannot open \(path)") }
            defer { try? handle.close() }
            var hash = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
            let digest = Hex.encode(hash.finalize())
            return "\(URL(fileURLWithPath: path).lastPathComponent.prefix(80))-\(digest.prefix(12))"
        }
    }
}

enum FileSizeReading {
    /// The size of the file at `path` in bytes.
    static func size(of path: String) throws -> Int {
        guard let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int else {
            throw CommandFailure("cannot read the size of \(path)")
        }
        return size
    }
}

/// A file's bytes as an upload body, in chunks, moving the progress bar as each is handed over.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String
    let progress: ProgressBar

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        let progress: ProgressBar

        mutating func next() async throws -> ByteBuffer? {
            guard let handle else { throw CommandFailure("cannot open the file") }
            guard let chunk = try handle.read(upToCount: 1 << 18), !chunk.isEmpty else {
                try handle.close()
                return nil
            }
            progress.advance(by: chunk.count)
            return ByteBuffer(bytes: chunk)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: FileHandle(forReadingAtPath: path), progress: progress) }
}

/// A one-line progress bar on standard error: share sent, bytes, and speed.
final class ProgressBar: Sendable {
    private let total: Int
    private let state = Mutex<(sent: Int, shown: ContinuousClock.Instant?, started: ContinuousClock.Instant)>((0, nil, .now))

    init(total: Int) { self.total = total }

    /// Counts `count` more bytes sent and redraws at most ten times a second.
    func advance(by count: Int) {
        let line: String? = state.withLock { state in
            state.sent += count
            let now = ContinuousClock.now
            if let shown = state.shown, now - shown < .milliseconds(100), state.sent < total { return nil }
            state.shown = now
            return Self.line(sent: state.sent, total: total, elapsed: now - state.started)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line).utf8)) }
    }

    /// Ends the bar's line.
    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }

    private static func line(sent: Int, total: Int, elapsed: Duration) -> String {
        let share = total == 0 ? 1 : min(Double(sent) / Double(total), 1)
        let filled = Int(share * 30)
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        return "[\(bar)] \(Int(share * 100))%  \(megabytes(sent)) of \(megabytes(total)) MB  \(megabytes(Int(Double(sent) / seconds))) MB/s"
    }

    private static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
}
