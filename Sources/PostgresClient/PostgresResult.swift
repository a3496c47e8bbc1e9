import CLibPQ

/// The rows a statement returned, read by column name.
///
/// The underlying `PGresult` is immutable once received, so a result may be read from any thread.
public final class PostgresResult: @unchecked Sendable {
    /// A column's name and type.
    public struct Column: Sendable, Hashable {
        /// The column's name as the query labels it.
        public let name: String
        /// The column's PostgreSQL type.
        public let type: PostgresType
    }

    private let handle: OpaquePointer
    /// The columns, in query order.
    public let columns: [Column]
    private let indexByName: [String: Int]
    /// The number of rows returned.
    public let count: Int

    init(taking handle: OpaquePointer) {
        self.handle = handle
        let columnCount = Int(PQnfields(handle))
        var columns: [Column] = []
        var indexByName: [String: Int] = [:]
        for index in 0..<columnCount {
            let name = String(cString: PQfname(handle, Int32(index)))
            columns.append(Column(name: name, type: PostgresType(rawValue: PQftype(handle, Int32(index)))))
            if indexByName[name] == nil { indexByName[name] = index }
        }
        self.columns = columns
        self.indexByName = indexByName
        self.count = Int(PQntuples(handle))
    }

    deinit { PQclear(handle) }

    /// Rows changed by an INSERT, UPDATE, DELETE, COPY or similar command.
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    /// The command tag, e.g. `INSERT 0 1` or `COMMIT`.
    public var commandTag: String { String(cString: PQcmdStatus(handle)) }

    @usableFromInline func columnIndex(_ name: String) -> Int? { indexByName[name] }

    @usableFromInline func isNull(row: Int, column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// A value's text as libpq holds it, valid only while the result lives (hold it with
    /// `withExtendedLifetime`); nil when libpq has no value at that position.
    @usableFromInline func value(row: Int, column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length)
    }
}

extension PostgresResult: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> PostgresRow { PostgresRow(result: self, index: position) }
}

/// One row of a ``PostgresResult``.
///
/// The decoders are inlinable, as postgres-nio's are, so that a caller's module specializes them for
/// the types it reads: unspecialized, each value cost a runtime metadata lookup.
public struct PostgresRow: Sendable {
    @usableFromInline let result: PostgresResult
    @usableFromInline let index: Int

    /// Decodes a non-NULL column; a NULL, a missing column or a type mismatch throws
    /// ``PostgresError/decoding(column:swiftType:postgresType:reason:)`` naming the column.
    @inlinable
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try decode(column, as: T?.self) else {
            throw PostgresError.decoding(
                column: column, swiftType: "\(T.self)", postgresType: try columnType(column), reason: "the value is NULL")
        }
        return value
    }

    /// Decodes a column that may be NULL.
    @inlinable
    public func decode<T: PostgresDecodable>(_ column: String, as type: T?.Type) throws -> T? {
        let position = try columnPosition(column)
        let postgresType = result.columns[position].type
        guard T.accepts(postgresType) else {
            throw PostgresError.decoding(
                column: column, swiftType: "\(T.self)", postgresType: postgresType, reason: "incompatible types")
        }
        guard !result.isNull(row: index, column: position) else { return nil }
        let value = withExtendedLifetime(result) { result.value(row: index, column: position).flatMap { T(postgresUTF8: $0, type: postgresType) } }
        guard let value else {
            throw PostgresError.decoding(
                column: column, swiftType: "\(T.self)", postgresType: postgresType, reason: "malformed value")
        }
        return value
    }

    /// Whether the column holds NULL.
    public func isNull(_ column: String) throws -> Bool {
        result.isNull(row: index, column: try columnPosition(column))
    }

    @usableFromInline func columnType(_ column: String) throws -> PostgresType {
        result.columns[try columnPosition(column)].type
    }

    @usableFromInline func columnPosition(_ column: String) throws -> Int {
        guard let position = result.columnIndex(column) else {
            let known = result.columns.map(\.name).joined(separator: ", ")
            throw PostgresError.decoding(
                column: column, swiftType: "-", postgresType: .unspecified, reason: "no such column (the row has: \(known))")
        }
        return position
    }
}
