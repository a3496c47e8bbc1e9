/// A statement and the values bound to it, written as one string with interpolations.
///
/// Every interpolated value becomes a bound parameter, never text in the statement:
/// `"SELECT name FROM household WHERE id = \(id)"` sends `SELECT name FROM household WHERE id = $1`
/// with `id` as `$1`. Another `SQL` value can be interpolated as a fragment (its values are
/// renumbered into the whole); text that is not a literal needs the explicit
/// `\(unsafeRaw: text)`, which must never hold input.
public struct SQL: Sendable, ExpressibleByStringInterpolation {
    /// The literal text around the bound values: one more piece than there are values.
    private var pieces: [String]
    /// The values bound to `$1`, `$2`, … in order.
    public private(set) var binds: [any PostgresEncodable]

    /// The statement with its placeholders, as the server receives it.
    public var text: String {
        var text = pieces[0]
        for (index, piece) in pieces.dropFirst().enumerated() {
            text += "$\(index + 1)"
            text += piece
        }
        return text
    }

    /// Creates a statement with no bound values from a literal.
    public init(stringLiteral literal: String) {
        pieces = [literal]
        binds = []
    }

    /// Creates a statement from a literal with interpolations.
    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
        binds = stringInterpolation.binds
    }

    /// Creates a statement from text that is not a literal, such as a migration read from a module;
    /// the text must never hold input.
    public init(unsafeRaw text: String) {
        self.init(stringLiteral: text)
    }

    /// The builder Swift uses for `"… \(value) …"`.
    public struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var pieces = [""]
        fileprivate var binds: [any PostgresEncodable] = []

        /// Reserves room for the literal text and the values.
        public init(literalCapacity: Int, interpolationCount: Int) {
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends literal statement text.
        public mutating func appendLiteral(_ literal: String) {
            pieces[pieces.count - 1] += literal
        }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value)
            pieces.append("")
        }

        /// Binds `value` as the next parameter, NULL when it is nil.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            binds.append(value)
            pieces.append("")
        }

        /// Appends another statement's text, binding its values after those already here.
        public mutating func appendInterpolation(_ fragment: SQL) {
            pieces[pieces.count - 1] += fragment.pieces[0]
            pieces += fragment.pieces.dropFirst()
            binds += fragment.binds
        }

        /// Appends text as it is: for names and clauses chosen by code, never for input.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            pieces[pieces.count - 1] += text
        }
    }

    /// Appends `other`, binding its values after these.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        "\(lhs)\(rhs)"
    }

    /// Appends `other` to this statement, binding its values after these.
    public static func += (lhs: inout SQL, rhs: SQL) {
        lhs = lhs + rhs
    }
}

extension Sequence where Element == SQL {
    /// The fragments one after another with `separator` between them, as for `AND`-joined conditions.
    public func joined(separator: String) -> SQL {
        var joined: SQL = ""
        for (index, fragment) in enumerated() {
            if index > 0 { joined += SQL(unsafeRaw: separator) }
            joined += fragment
        }
        return joined
    }
}

extension SQL: CustomStringConvertible {
    /// The statement text with its placeholders; the values are left out, as they may be personal data.
    public var description: String { text }
}
