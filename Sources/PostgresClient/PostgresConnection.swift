import CLibPQ
import CoreMetrics
import Glibc

/// One connection to PostgreSQL over libpq.
///
/// Every call blocks its thread until the server answers, so a connection is used by one thread
/// at a time: the ``ConnectionPool`` hands it to one task and runs that task's work on its own
/// thread pool, never on an event loop. Statements are prepared on first use and reused.
public final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer
    private var statements: [StatementKey: String] = [:]
    private var transactionDepth = 0
    /// Each statement's round trip, recorded in the metrics backend bootstrapped when the connection opened.
    private let roundTrip = Timer(label: "safetynet_db_query_duration_seconds")
    /// Prepared statements kept per connection before the cache is cleared.
    static let statementCacheLimit = 512

    /// Connects, blocking until the server accepts or refuses.
    public init(configuration: PostgresConfiguration) throws {
        let parameters = try configuration.connectionParameters()
        // libpq reads both arrays up to a NULL keyword.
        let connection = withCStringArray(parameters.map(\.key) + [nil]) { keys in
            withCStringArray(parameters.map(\.value) + [nil]) { values in
                PQconnectdbParams(keys, values, 0)
            }
        }
        guard let connection else { throw PostgresError.connectionFailed("libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines
            PQfinish(connection)
            throw PostgresError.connectionFailed(message)
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.handle = connection
    }

    deinit { PQfinish(handle) }

    /// Runs one statement and returns its rows; interpolated values travel as bound parameters.
    ///
    /// The statement is prepared on first use on this connection and reused afterwards.
    @discardableResult
    public func query(_ sql: SQL) throws -> PostgresResult {
        try run(sql.text, sql.binds)
    }

    private func run(_ sql: String, _ binds: [any PostgresEncodable]) throws -> PostgresResult {
        let texts = binds.map(\.postgresText)
        // libpq reads parameters as C strings: a NUL would silently cut the value short.
        if let position = texts.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError.unsupportedValue("parameter $\(position + 1) holds a NUL character, which PostgreSQL text cannot store")
        }
        let types = binds.map { type(of: $0).postgresType.rawValue }
        let name = try preparedStatement(sql, types: types)
        let start = ContinuousClock.now
        let result = withCStringArray(texts) { values in
            PQexecPrepared(handle, name, Int32(binds.count), values, nil, nil, 0)
        }
        roundTrip.recordSeconds((ContinuousClock.now - start) / .seconds(1))
        return try check(result)
    }

    /// Runs SQL text that may hold several statements and no parameters, such as a migration.
    /// Never pass text built from input: it is sent as it is.
    public func execute(script sql: String) throws {
        _ = try check(PQexec(handle, sql))
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// Nested calls use savepoints, so an inner failure undoes only the inner part.
    public func transaction<R>(
        isolation: IsolationLevel = .readCommitted, _ body: (PostgresConnection) throws -> R
    ) throws -> R {
        let depth = transactionDepth
        let savepoint = "safetynet_savepoint_\(depth)"
        try execute(script: depth == 0 ? "BEGIN ISOLATION LEVEL \(isolation.rawValue)" : "SAVEPOINT \(savepoint)")
        transactionDepth = depth + 1
        defer { transactionDepth = depth }
        do {
            let value = try body(self)
            try execute(script: depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT \(savepoint)")
            return value
        } catch {
            try? execute(script: depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
            throw error
        }
    }

    /// Opens a transaction that outlives one closure, for ``ConnectionPool/withHeldTransaction(_:)``;
    /// transactions run inside it become savepoints.
    func beginHeld() throws {
        try execute(script: "BEGIN")
        transactionDepth = 1
    }

    /// Ends the transaction ``beginHeld()`` opened: commits it, or rolls it back.
    /// A COMMIT that the server answers with ROLLBACK (the transaction had failed) throws.
    func endHeld(commit: Bool) throws {
        transactionDepth = 0
        let result = try check(PQexec(handle, commit ? "COMMIT" : "ROLLBACK"))
        if commit && result.commandTag != "COMMIT" {
            throw PostgresError.unexpected("the transaction had failed and was rolled back instead of committed")
        }
    }

    /// Transaction isolation levels.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Whether the connection to the server is up.
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether the connection is open and outside any transaction, so it can serve someone else.
    public var isReusable: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Checks, without a round trip, that the server has not closed an idle connection.
    ///
    /// An idle pooled connection has nothing to read unless the server is ending it (after a
    /// restart it sends a termination error, then end of file), so any pending input counts as
    /// dead: at worst a rare notice costs one reconnect.
    func isAlive() -> Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Quotes an identifier (a channel or table name) the way the server expects.
    func escapeIdentifier(_ identifier: String) throws -> String {
        guard let escaped = PQescapeIdentifier(handle, identifier, identifier.utf8.count) else {
            throw PostgresError.unexpected(lastErrorMessage)
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    var lastErrorMessage: String { String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines }

    // MARK: - Results

    /// Turns a libpq result into rows or the right error, clearing it on failure.
    func check(_ result: OpaquePointer?) throws -> PostgresResult {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(taking: result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR:
            let error = Self.serverError(result)
            PQclear(result)
            if PQstatus(handle) != CONNECTION_OK { throw PostgresError.connectionLost(error.message) }
            throw PostgresError.server(error)
        default:
            let status = String(cString: PQresStatus(PQresultStatus(result)))
            PQclear(result)
            throw PostgresError.unexpected("result status \(status)")
        }
    }

    func connectionError() -> PostgresError {
        PQstatus(handle) == CONNECTION_OK
            ? .unexpected(lastErrorMessage) : .connectionLost(lastErrorMessage)
    }

    static func serverError(_ result: OpaquePointer) -> PostgresServerError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        return PostgresServerError(
            sqlState: SQLState(rawValue: field("C") ?? "XX000"),
            severity: field("V") ?? field("S") ?? "ERROR",
            message: field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines,
            detail: field("D"), hint: field("H"), constraint: field("n"), table: field("t"), column: field("c"))
    }

    // MARK: - Prepared statements

    private struct StatementKey: Hashable {
        let sql: String
        let types: [UInt32]
    }

    private func preparedStatement(_ sql: String, types: [UInt32]) throws -> String {
        let key = StatementKey(sql: sql, types: types)
        if let name = statements[key] { return name }
        if statements.count >= Self.statementCacheLimit {
            try execute(script: "DEALLOCATE ALL")
            statements.removeAll()
        }
        let name = "safetynet_\(statements.count)"
        _ = try check(PQprepare(handle, name, sql, Int32(types.count), types))
        statements[key] = name
        return name
    }
}

/// Calls `body` with a C array of NUL-terminated strings (NULL entries for nil), all in one allocation.
func withCStringArray<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    var offsets: [Int?] = []
    var storage: [CChar] = []
    offsets.reserveCapacity(strings.count)
    for string in strings {
        guard let string else {
            offsets.append(nil)
            continue
        }
        offsets.append(storage.count)
        storage.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
        storage.append(0)
    }
    return storage.withUnsafeBufferPointer { buffer in
        body(offsets.map { offset in offset.map { buffer.baseAddress! + $0 } })
    }
}
