import CLibPQ

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
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let text = field.postgresText else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\\"):
                    buffer.append(byte)
                    buffer.append(byte)
                case UInt8(ascii: "\t"):
                    buffer.append(UInt8(ascii: "\\"))
                    buffer.append(UInt8(ascii: "t"))
                case UInt8(ascii: "\n"):
                    buffer.append(UInt8(ascii: "\\"))
                    buffer.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"):
                    buffer.append(UInt8(ascii: "\\"))
                    buffer.append(UInt8(ascii: "r"))
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Sends what has been gathered.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try connection.sendCopyData(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
