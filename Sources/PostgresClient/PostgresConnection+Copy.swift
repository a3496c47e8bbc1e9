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
        try copyIn(sql, to: CopyInWriter(connection: self), produce)
    }

    /// Streams rows into `COPY … FROM STDIN WITH (FORMAT binary)` and returns the number of rows
    /// copied: values go as PostgreSQL holds them, so neither side formats or parses text (a
    /// `uuid` is 16 bytes, not 36 characters). Errors and undoing as in ``copyIn(_:_:)``.
    @discardableResult
    public func copyInBinary(_ sql: SQL, _ produce: (BinaryCopyInWriter) throws -> Void) throws -> Int {
        try copyIn(sql, to: BinaryCopyInWriter(connection: self), produce)
    }

    private func copyIn<Writer: CopyStream>(_ sql: SQL, to writer: Writer, _ produce: (Writer) throws -> Void) throws -> Int {
        try startCopy(sql, expecting: PGRES_COPY_IN)
        do {
            try produce(writer)
            try writer.end()
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

/// A writer of COPY data that sends what it gathered once its rows are all written.
protocol CopyStream {
    /// Sends the rest, with the format's end of data if it has one.
    func end() throws
}

/// A COPY row being written on the end of the bytes gathered so far. It takes the bytes over while
/// it writes, so that it holds their only reference and appending never copies what was gathered.
protocol CopyRowBuilder {
    /// Takes `bytes` over, leaving them empty, and starts the row.
    init(taking bytes: inout [UInt8])
    /// Ends the row and hands the bytes back to `bytes`.
    mutating func finish(handingBack bytes: inout [UInt8])
}

/// The bytes of COPY rows gathered and sent in chunks of about ``chunkSize``.
struct CopyChunks {
    private let connection: PostgresConnection
    var bytes: [UInt8] = []
    /// Bytes gathered before a chunk is sent.
    static let chunkSize = 256 * 1024

    init(connection: PostgresConnection) {
        self.connection = connection
        bytes.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends one row written by `write`, and sends a chunk once enough has gathered. When
    /// `write` throws, the part of the row it wrote is taken off again and the rows before it stay.
    mutating func append<Row: CopyRowBuilder>(_ write: (inout Row) throws -> Void) throws {
        let start = bytes.count
        var row = Row(taking: &bytes)
        do {
            try write(&row)
        } catch {
            row.finish(handingBack: &bytes)
            bytes.removeSubrange(start...)
            throw error
        }
        row.finish(handingBack: &bytes)
        if bytes.count >= Self.chunkSize { try send() }
    }

    /// Sends what has been gathered.
    mutating func send() throws {
        guard !bytes.isEmpty else { return }
        try connection.sendCopyData(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Collects COPY rows in PostgreSQL's text format and sends them in chunks.
public final class CopyInWriter: CopyStream {
    private var chunks: CopyChunks

    init(connection: PostgresConnection) {
        chunks = CopyChunks(connection: connection)
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
    /// A row `write` fails is left out; the rows before it stay.
    public func appendRow(_ write: (inout CopyRow) throws -> Void) throws {
        try chunks.append(write)
    }

    func end() throws { try chunks.send() }
}

/// Collects COPY rows in PostgreSQL's binary format and sends them in chunks: the signature and
/// header first, the end-of-data marker last.
public final class BinaryCopyInWriter: CopyStream {
    private var chunks: CopyChunks

    init(connection: PostgresConnection) {
        chunks = CopyChunks(connection: connection)
        chunks.bytes.append(contentsOf: Array("PGCOPY\n".utf8) + [0xFF, UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0])
        chunks.bytes.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])  // no flags, no header extension
    }

    /// Appends one row written field by field by `write`, each value in the binary form of its
    /// column's type. A row `write` fails is left out; the rows before it stay.
    public func appendRow(_ write: (inout BinaryCopyRow) throws -> Void) throws {
        try chunks.append(write)
    }

    func end() throws {
        chunks.bytes.append(contentsOf: [0xFF, 0xFF])  // a field count of -1: no more rows
        try chunks.send()
    }
}

/// One COPY row being written: fields in order, each escaped for the text format.
public struct CopyRow: CopyRowBuilder {
    private var buffer: [UInt8] = []
    private var fields = 0

    init(taking bytes: inout [UInt8]) {
        swap(&buffer, &bytes)
    }

    mutating func finish(handingBack bytes: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\n"))
        swap(&buffer, &bytes)
    }

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
            buffer.append(Hex.digit(byte >> 4))
            buffer.append(Hex.digit(byte & 0x0F))
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
}

/// One binary COPY row being written: its field count, then each field as its length and bytes.
/// Each value must be of its column's type (an `integer` column takes ``int32(_:)``, not
/// ``int64(_:)``); PostgreSQL refuses the COPY otherwise.
public struct BinaryCopyRow: CopyRowBuilder {
    private var buffer: [UInt8] = []
    /// Where the row begins in `buffer`: its field count, written once the row is complete.
    private let start: Int
    private var fields: Int16 = 0

    init(taking bytes: inout [UInt8]) {
        swap(&buffer, &bytes)
        start = buffer.count
        append(bigEndian: Int16(0))
    }

    mutating func finish(handingBack bytes: inout [UInt8]) {
        buffer[start] = UInt8(truncatingIfNeeded: fields >> 8)
        buffer[start + 1] = UInt8(truncatingIfNeeded: fields)
        swap(&buffer, &bytes)
    }

    /// A `text` field.
    public mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { field($0) }
    }

    /// A `jsonb` field given as JSON text in UTF-8.
    public mutating func jsonb(utf8 bytes: [UInt8]) {
        length(bytes.count + 1)
        buffer.append(1)  // the jsonb binary format's version
        buffer.append(contentsOf: bytes)
    }

    /// A `bytea` field.
    public mutating func bytes(_ value: [UInt8]) { field(value) }

    /// An `integer` (`int4`) field.
    public mutating func int32(_ value: Int32) {
        length(4)
        append(bigEndian: value)
    }

    /// A `bigint` (`int8`) field.
    public mutating func int64(_ value: Int64) {
        length(8)
        append(bigEndian: value)
    }

    /// A `uuid` field.
    public mutating func uuid(_ value: UUID) {
        length(16)
        withUnsafeBytes(of: value.uuid) { buffer.append(contentsOf: $0) }
    }

    /// A `boolean` field.
    public mutating func boolean(_ value: Bool) {
        length(1)
        buffer.append(value ? 1 : 0)
    }

    /// A NULL.
    public mutating func null() {
        fields += 1
        append(bigEndian: Int32(-1))
    }

    private mutating func field<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        length(bytes.count)
        buffer.append(contentsOf: bytes)
    }

    /// Starts the next field with its length.
    private mutating func length(_ count: Int) {
        fields += 1
        append(bigEndian: Int32(count))
    }

    /// `value`'s bytes, most significant first.
    private mutating func append<Integer: FixedWidthInteger>(bigEndian value: Integer) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
