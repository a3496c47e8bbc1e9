import CLibPQ
import Foundation

extension PostgresConnection {
    /// Streams rows into `COPY … FROM STDIN` (text format) and returns the number of rows copied.
    ///
    /// `produce` appends rows to the writer, which sends them in large chunks as it goes. When
    /// `produce` throws, or the server rejects a row, the whole COPY is undone, the error is
    /// thrown and the connection stays usable.
    @discardableResult
    public func copyIn(_ sql: SQL, _ produce: (CopyInWriter) throws -> Void) throws -> Int {
        try startCopy(sql, expecting: PGRES_COPY_IN)
        let writer = CopyInWriter(connection: self)
        do {
            try produce(writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "aborted by the client: \(error)")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError() }
        return try finishCopy()
    }

    /// Runs `COPY … TO STDOUT` and hands each row's bytes (text format, newline included) to `consume`.
    /// Returns the number of rows.
    @discardableResult
    public func copyOut(_ sql: SQL, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try startCopy(sql, expecting: PGRES_COPY_OUT)
        var rows = 0
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length == -1 { break }
            guard length >= 0, let buffer else { throw connectionError() }
            defer { PQfreemem(buffer) }
            rows += 1
            do {
                try consume(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
            } catch {
                drainCopyOut()
                throw error
            }
        }
        _ = try finishCopy()
        return rows
    }

    func sendCopyData(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw connectionError() }
    }

    private func startCopy(_ sql: SQL, expecting status: ExecStatusType) throws {
        guard sql.binds.isEmpty else {
            throw PostgresError.unsupportedValue("COPY takes no bound values; put them in the rows")
        }
        guard let result = PQexec(handle, sql.text) else { throw connectionError() }
        if PQresultStatus(result) == status {
            PQclear(result)
            return
        }
        _ = try check(result)
        throw PostgresError.unexpected("the statement is not a COPY in the expected direction: \(sql.text.prefix(60))")
    }

    /// Reads the COPY's final result and every result after it, so the connection is idle again.
    private func finishCopy() throws -> Int {
        defer { drainResults() }
        let result = try check(PQgetResult(handle))
        return result.affectedRows
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    private func drainCopyOut() {
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(handle, &buffer, 0) >= 0 {
            if let buffer { PQfreemem(buffer) }
            buffer = nil
        }
        drainResults()
    }
}

/// Collects COPY rows in PostgreSQL's text format and sends them in chunks.
public final class CopyInWriter {
    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    /// Bytes gathered before a chunk is sent.
    static let chunkSize = 256 * 1024

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends one row; its fields are escaped for the text format and NULLs written as `\N`.
    public func append(_ fields: [any PostgresEncodable]) throws {
        try appendRow { row in
            for field in fields {
                if let text = field.postgresText { row.text(text) } else { row.null() }
            }
        }
    }

    /// Appends one row written field by field by `write`: for rows built in a loop of millions,
    /// without a value boxed or a string made per field.
    public func appendRow(_ write: (inout CopyRow) throws -> Void) throws {
        try build(write)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    private func build(_ write: (inout CopyRow) throws -> Void) rethrows {
        var row = CopyRow(buffer: buffer)
        buffer = []
        defer { buffer = row.buffer }
        try write(&row)
        row.buffer.append(UInt8(ascii: "\n"))
    }

    /// Sends what has been gathered.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try connection.sendCopyData(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// One COPY row being written: fields in order, each escaped for the text format.
public struct CopyRow {
    fileprivate var buffer: [UInt8]
    private var fields = 0

    fileprivate init(buffer: [UInt8]) { self.buffer = buffer }

    /// A text field.
    public mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { text(utf8: $0) }
    }

    /// A text field given as UTF-8 bytes.
    public mutating func text(utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { text(utf8: $0) }
    }

    /// Appends the bytes, escaping backslash, tab, newline and carriage return; runs between them
    /// are copied whole.
    private mutating func text(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        var start = 0
        for (index, byte) in bytes.enumerated() {
            let escaped: UInt8
            switch byte {
            case UInt8(ascii: "\\"): escaped = byte
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            default: continue
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(escaped)
            start = index + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    /// A whole number.
    public mutating func integer(_ value: Int) {
        separate()
        buffer.append(contentsOf: String(value).utf8)  // a small string: no allocation
    }

    /// A `bytea` field, written as `\x` and hex digits.
    public mutating func bytes(_ value: [UInt8]) {
        separate()
        buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
        for byte in value {
            buffer.append(Self.hexDigits[Int(byte >> 4)])
            buffer.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    /// A `uuid` field.
    public mutating func uuid(_ value: UUID) {
        separate()
        buffer.append(contentsOf: UUIDText.format(value).utf8)
    }

    /// A `boolean` field.
    public mutating func boolean(_ value: Bool) {
        separate()
        buffer.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// A NULL.
    public mutating func null() {
        separate()
        buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
    }

    private mutating func separate() {
        if fields > 0 { buffer.append(UInt8(ascii: "\t")) }
        fields += 1
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
