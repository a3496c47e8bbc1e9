/// A five-character SQLSTATE code reported by PostgreSQL, such as `23505` for a unique violation.
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The five-character code.
    public let rawValue: String
    /// Wraps a five-character code.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The code as text.
    public var description: String { rawValue }

    /// The class (first two characters), e.g. `23` for integrity constraint violations.
    public var errorClass: Substring { rawValue.prefix(2) }

    /// `23505`: a row would duplicate a unique key.
    public static let uniqueViolation = SQLState(rawValue: "23505")
    /// `23503`: a referenced row is missing.
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    /// `23514`: a CHECK constraint failed.
    public static let checkViolation = SQLState(rawValue: "23514")
    /// `23502`: a NOT NULL column got NULL.
    public static let notNullViolation = SQLState(rawValue: "23502")
    /// `22P02`: text could not be read as the column's type.
    public static let invalidTextRepresentation = SQLState(rawValue: "22P02")
    /// `57014`: the statement was cancelled, e.g. by `statement_timeout`.
    public static let queryCanceled = SQLState(rawValue: "57014")
    /// `40001`: a serializable transaction must be retried.
    public static let serializationFailure = SQLState(rawValue: "40001")
    /// `40P01`: the transaction was chosen as a deadlock victim.
    public static let deadlockDetected = SQLState(rawValue: "40P01")
    /// `57P01`: the server is shutting down.
    public static let adminShutdown = SQLState(rawValue: "57P01")
    /// `55P03`: a lock could not be had within `lock_timeout`.
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    /// `42501`: the role lacks the privilege.
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    /// `42P01`: the table does not exist.
    public static let undefinedTable = SQLState(rawValue: "42P01")
}

/// The fields of an error reported by the PostgreSQL server.
public struct PostgresServerError: Sendable, Hashable {
    /// The SQLSTATE code.
    public var sqlState: SQLState
    /// `ERROR`, `FATAL` or `PANIC`.
    public var severity: String
    /// The primary message.
    public var message: String
    /// Optional detail, e.g. the duplicated key.
    public var detail: String?
    /// Optional hint on what to do.
    public var hint: String?
    /// The violated constraint, for integrity errors.
    public var constraint: String?
    /// The table involved, when the server names one.
    public var table: String?
    /// The column involved, when the server names one.
    public var column: String?

    /// Creates the error from its fields.
    public init(
        sqlState: SQLState, severity: String, message: String, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }
}

/// Everything that can go wrong talking to PostgreSQL.
///
/// Switch on the case to tell what to do: a `.server` error with a constraint SQLSTATE is the
/// caller's to report, `.connectionLost` may be retried on a fresh connection, `.checkoutTimeout`
/// means the pool is saturated.
public enum PostgresError: Error, Sendable, CustomStringConvertible {
    /// The server answered with an error; the connection is still usable.
    case server(PostgresServerError)
    /// No connection could be opened (bad address, credentials, server down).
    case connectionFailed(String)
    /// The connection broke while in use; it is discarded.
    case connectionLost(String)
    /// No pooled connection became free within the checkout timeout.
    case checkoutTimeout(Duration)
    /// The pool has been shut down.
    case poolShutDown
    /// A value in a row could not be decoded as the requested Swift type.
    case decoding(column: String, swiftType: String, postgresType: PostgresType, reason: String)
    /// A bound value cannot be sent as it is (a NUL in text); nothing was sent.
    case unsupportedValue(String)
    /// The connection URL or conninfo string is malformed.
    case invalidConfiguration(String)
    /// libpq returned something this layer does not expect (a bug or protocol misuse).
    case unexpected(String)

    /// The SQLSTATE of a server error, if this is one.
    public var sqlState: SQLState? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }

    /// The server error's fields, if this is one.
    public var serverError: PostgresServerError? {
        if case .server(let error) = self { return error }
        return nil
    }

    /// Whether the connection itself failed (as opposed to the statement).
    public var isConnectionFailure: Bool {
        switch self {
        case .connectionFailed, .connectionLost: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .server(let e):
            var text = "PostgreSQL \(e.severity) \(e.sqlState): \(e.message)"
            if let detail = e.detail { text += " (\(detail))" }
            if let constraint = e.constraint { text += " [constraint \(constraint)]" }
            return text
        case .connectionFailed(let message): return "could not connect to PostgreSQL: \(message)"
        case .connectionLost(let message): return "the PostgreSQL connection was lost: \(message)"
        case .checkoutTimeout(let limit): return "no database connection became free within \(limit); the pool is saturated"
        case .poolShutDown: return "the connection pool has been shut down"
        case .decoding(let column, let swiftType, let type, let reason):
            return "column \"\(column)\" (PostgreSQL type \(type)) cannot be decoded as \(swiftType): \(reason)"
        case .unsupportedValue(let message): return "value not sent: \(message)"
        case .invalidConfiguration(let message): return "invalid PostgreSQL configuration: \(message)"
        case .unexpected(let message): return "unexpected libpq state: \(message)"
        }
    }
}
