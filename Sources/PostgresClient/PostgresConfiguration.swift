import CLibPQ

/// How to reach a PostgreSQL server and how each connection is set up.
public struct PostgresConfiguration: Sendable {
    /// A `postgresql://` URL or a `key=value` conninfo string, as libpq reads them.
    /// TLS to the server follows the string's `sslmode` (e.g. `?sslmode=require`).
    public var connectionString: String
    /// Statements running longer than this are cancelled by the server (SQLSTATE 57014); nil for none.
    public var statementTimeout: Duration?
    /// How long to wait for the server to accept a connection.
    public var connectTimeout: Duration
    /// Shown in `pg_stat_activity`.
    public var applicationName: String
    /// Whether a commit waits until it is on disk (`synchronous_commit`). Only a loader of
    /// generated data that can be loaded again turns this off: after a crash the database is
    /// consistent, but its last commits may be gone.
    public var waitsForDisk = true

    /// Checks the connection string and keeps it; throws ``PostgresError/invalidConfiguration(_:)`` when libpq cannot read it.
    public init(
        _ connectionString: String, statementTimeout: Duration? = .seconds(30),
        connectTimeout: Duration = .seconds(10), applicationName: String = "safetynet"
    ) throws {
        _ = try Self.parse(connectionString)
        self.connectionString = connectionString
        self.statementTimeout = statementTimeout
        self.connectTimeout = connectTimeout
        self.applicationName = applicationName
    }

    /// The connection string with any password removed, safe to log or print.
    public var redacted: String {
        guard let options = try? Self.parse(connectionString) else { return "(invalid)" }
        return options.filter { $0.key != "password" }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// The connection as PostgreSQL's own programs (pg_dump, pg_restore) take it: a conninfo
    /// string of the connection's settings without the password, and the password apart, for the
    /// child's environment. None of this client's session settings (statement timeout) are added.
    public func programConnection() throws -> (conninfo: String, password: String?) {
        let parameters = try Self.parse(connectionString)
        let conninfo = parameters.filter { $0.key != "password" }.map { parameter in
            let quoted = parameter.value.flatMap { $0 == "\\" || $0 == "'" ? ["\\", $0] : [$0] }
            return "\(parameter.key)='\(String(quoted))'"
        }
        return (conninfo.joined(separator: " "), parameters.first { $0.key == "password" }?.value)
    }

    /// The keyword/value pairs handed to `PQconnectdbParams`: the string's own settings plus
    /// UTF-8, UTC, ISO dates, no JIT, the statement timeout, the commit's wait and the application name.
    ///
    /// JIT compilation is off: it pays off for long analytic scans, while SafetyNet's longest
    /// query (a district's year of figures) spent 800 of its 1,400 ms compiling.
    func connectionParameters() throws -> [(key: String, value: String)] {
        var parameters = try Self.parse(connectionString)
        var options = parameters.first { $0.key == "options" }?.value ?? ""
        options += " -c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601 -c jit=off"
        if let statementTimeout {
            options += " -c statement_timeout=\(statementTimeout.milliseconds)"
        }
        if !waitsForDisk {
            options += " -c synchronous_commit=off"
        }
        parameters.removeAll { ["options", "client_encoding"].contains($0.key) }
        parameters.append(("options", options))
        parameters.append(("client_encoding", "UTF8"))
        if !parameters.contains(where: { $0.key == "application_name" }) {
            parameters.append(("application_name", applicationName))
        }
        if !parameters.contains(where: { $0.key == "connect_timeout" }) {
            parameters.append(("connect_timeout", String(max(1, connectTimeout.milliseconds / 1000))))
        }
        return parameters
    }

    private static func parse(_ connectionString: String) throws -> [(key: String, value: String)] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "unreadable connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError.invalidConfiguration(message.trimmingTrailingNewlines)
        }
        defer { PQconninfoFree(options) }
        var parameters: [(key: String, value: String)] = []
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                parameters.append((String(cString: keyword), String(cString: value)))
            }
            cursor += 1
        }
        return parameters
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
