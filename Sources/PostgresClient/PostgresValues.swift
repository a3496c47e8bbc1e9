import Foundation

/// A Swift value that can be sent to PostgreSQL as a bound parameter or a COPY field.
///
/// Values travel in PostgreSQL's text format; the type OID tells the server how to read them,
/// so no value is ever spliced into SQL text.
public protocol PostgresEncodable: Sendable {
    /// The type the server reads the value as.
    static var postgresType: PostgresType { get }
    /// The value in PostgreSQL's text format, or nil for NULL.
    var postgresText: String? { get }
}

/// A Swift value that can be read from a column in PostgreSQL's text format.
public protocol PostgresDecodable: Sendable {
    /// Whether a column of this PostgreSQL type can be read as this Swift type.
    static func accepts(_ type: PostgresType) -> Bool
    /// Reads the value from its text form; nil when the text is not a valid value.
    init?(postgresText text: String, type: PostgresType)
    /// Reads the value from its text form's UTF-8 bytes as libpq holds them. Types read by the
    /// million (ids, numbers) read the bytes directly; the rest make the String first.
    init?(postgresUTF8 bytes: UnsafeBufferPointer<UInt8>, type: PostgresType)
}

extension PostgresDecodable {
    public init?(postgresUTF8 bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) {
        self.init(postgresText: String(decoding: bytes, as: UTF8.self), type: type)
    }
}

extension String {
    /// Runs `body` over the string's UTF-8 bytes, made contiguous first if they are not.
    fileprivate func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = self
        return text.withUTF8(body)
    }
}

/// A value usable as an element of a PostgreSQL array parameter or column.
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// The OID of the array type whose elements are of this type.
    static var postgresArrayType: PostgresType { get }
}

/// The SQL NULL, for a parameter whose type the server infers.
public struct PostgresNull: PostgresEncodable {
    /// Creates NULL.
    public init() {}
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String? { nil }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public var postgresText: String? { self?.postgresText }
}

extension Bool: PostgresArrayElement {
    public static var postgresType: PostgresType { .bool }
    public static var postgresArrayType: PostgresType { .boolArray }
    public var postgresText: String? { self ? "t" : "f" }
    public static func accepts(_ type: PostgresType) -> Bool { type == .bool }
    public init?(postgresText text: String, type: PostgresType) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Int: PostgresArrayElement {
    public static var postgresType: PostgresType { .int8 }
    public static var postgresArrayType: PostgresType { .int8Array }
    public var postgresText: String? { String(self) }
    public static func accepts(_ type: PostgresType) -> Bool { PostgresType.integers.contains(type) }
}

extension Int64: PostgresArrayElement {
    public static var postgresType: PostgresType { .int8 }
    public static var postgresArrayType: PostgresType { .int8Array }
    public var postgresText: String? { String(self) }
    public static func accepts(_ type: PostgresType) -> Bool { PostgresType.integers.contains(type) }
}

extension Int32: PostgresArrayElement {
    public static var postgresType: PostgresType { .int4 }
    public static var postgresArrayType: PostgresType { .int4Array }
    public var postgresText: String? { String(self) }
    public static func accepts(_ type: PostgresType) -> Bool { type == .int2 || type == .int4 }
}

extension PostgresDecodable where Self: FixedWidthInteger & SignedInteger {
    /// Reads the decimal text PostgreSQL writes integers in.
    public init?(postgresText text: String, type: PostgresType) {
        guard let value = text.withUTF8Bytes({ DecimalText.parse($0, as: Self.self) }) else { return nil }
        self = value
    }
    public init?(postgresUTF8 bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) {
        guard let value = DecimalText.parse(bytes, as: Self.self) else { return nil }
        self = value
    }
}

extension Double: PostgresArrayElement {
    public static var postgresType: PostgresType { .float8 }
    public static var postgresArrayType: PostgresType { .float8Array }
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return "\(self)"
    }
    public static func accepts(_ type: PostgresType) -> Bool {
        type == .float4 || type == .float8 || type == .numeric || PostgresType.integers.contains(type)
    }
    public init?(postgresText text: String, type: PostgresType) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else { return nil }
            self = value
        }
    }
}

extension String: PostgresArrayElement {
    public static var postgresType: PostgresType { .text }
    public static var postgresArrayType: PostgresType { .textArray }
    public var postgresText: String? { self }
    /// Any column can be read as its text form.
    public static func accepts(_ type: PostgresType) -> Bool { true }
    public init?(postgresText text: String, type: PostgresType) { self = text }
}

extension UUID: PostgresArrayElement {
    public static var postgresType: PostgresType { .uuid }
    public static var postgresArrayType: PostgresType { .uuidArray }
    public var postgresText: String? { UUIDText.format(self) }
    public static func accepts(_ type: PostgresType) -> Bool { type == .uuid }
    public init?(postgresText text: String, type: PostgresType) {
        guard let value = text.withUTF8Bytes(UUIDText.parse) else { return nil }
        self = value
    }
    public init?(postgresUTF8 bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) {
        guard let value = UUIDText.parse(bytes) else { return nil }
        self = value
    }
}

/// The text form of a `uuid`, `8-4-4-4-12` lowercase hexadecimal digits, read and written
/// directly: Foundation's `UUID(uuidString:)` and `uuidString` go through `sscanf` and
/// `snprintf`, which showed in the profile of a household read.
enum UUIDText {
    /// Whether a dash comes before the byte at `index` (the groups are 4, 2, 2, 2 and 6 bytes).
    private static func dashBefore(_ index: Int) -> Bool { index == 4 || index == 6 || index == 8 || index == 10 }

    static func format(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if dashBefore(index) {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = Hex.digit(byte >> 4)
                    out[position + 1] = Hex.digit(byte & 0x0F)
                    position += 2
                }
                return position
            }
        }
    }

    /// Reads the canonical form in either case; nil for anything else.
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard utf8.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var position = 0
            for index in 0..<16 {
                if dashBefore(index) {
                    guard utf8[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = Hex.nibble(utf8[position]), let low = Hex.nibble(utf8[position + 1]) else { return false }
                out[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return parsed ? UUID(uuid: bytes) : nil
    }
}

/// The text form of PostgreSQL's integers: an optional sign and decimal digits, read from bytes.
enum DecimalText {
    /// The number `text` writes; nil when it is not one or does not fit `T`.
    static func parse<T: FixedWidthInteger & SignedInteger>(_ text: UnsafeBufferPointer<UInt8>, as: T.Type) -> T? {
        var digits = text[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: T = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = T(byte - UInt8(ascii: "0"))
            // Built on the side of the sign, so the most negative value fits.
            let (shifted, over) = value.multipliedReportingOverflow(by: 10)
            let (next, past) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !over, !past else { return nil }
            value = next
        }
        return value
    }
}

extension Date: PostgresArrayElement {
    public static var postgresType: PostgresType { .timestamptz }
    public static var postgresArrayType: PostgresType { .timestamptzArray }
    public var postgresText: String? { PostgresTimestamp.format(self) }
    public static func accepts(_ type: PostgresType) -> Bool {
        type == .timestamptz || type == .timestamp || type == .date
    }
    public init?(postgresText text: String, type: PostgresType) {
        guard let value = PostgresTimestamp.parse(text) else { return nil }
        self = value
    }
}

/// Raw bytes, sent and read as `bytea`.
public struct PostgresBytes: PostgresArrayElement, Hashable {
    /// The bytes.
    public var bytes: [UInt8]
    /// Wraps bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// Wraps the bytes of a `Data`.
    public init(_ data: Data) { self.bytes = [UInt8](data) }

    public static var postgresType: PostgresType { .bytea }
    public static var postgresArrayType: PostgresType { .byteaArray }
    public var postgresText: String? { "\\x" + Hex.encode(bytes) }
    public static func accepts(_ type: PostgresType) -> Bool { type == .bytea }
    public init?(postgresText text: String, type: PostgresType) {
        guard text.hasPrefix("\\x"), let bytes = Hex.decode(text.utf8.dropFirst(2)) else { return nil }
        self.bytes = bytes
    }
}

/// A JSON document, sent as `jsonb` and read from `json` or `jsonb`.
public struct PostgresJSON: PostgresEncodable, PostgresDecodable, Hashable {
    /// The document's text.
    public var text: String
    /// Wraps JSON text as it is.
    public init(text: String) { self.text = text }
    /// Encodes a value as JSON.
    public init(encoding value: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws {
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }
    /// Decodes the document as a value of type `T`.
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(T.self, from: Data(text.utf8))
    }

    public static var postgresType: PostgresType { .jsonb }
    public var postgresText: String? { text }
    public static func accepts(_ type: PostgresType) -> Bool { type == .json || type == .jsonb }
    public init?(postgresText text: String, type: PostgresType) { self.text = text }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresType { Element.postgresArrayType }
    public var postgresText: String? { PostgresArrayText.format(map(\.postgresText)) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public static func accepts(_ type: PostgresType) -> Bool {
        type == Element.postgresArrayType || (Element.self == String.self && type == .varcharArray)
    }
    public init?(postgresText text: String, type: PostgresType) {
        guard let items = PostgresArrayText.parse(text) else { return nil }
        var values: [Element] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard let item, let value = Element(postgresText: item, type: .unknown) else { return nil }
            values.append(value)
        }
        self = values
    }
}

/// Hexadecimal text for `bytea`.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0F))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The lowercase digit of a value below 16.
    static func digit(_ value: UInt8) -> UInt8 { digits[Int(value)] }

    static func decode<C: Collection<UInt8>>(_ text: C) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        var iterator = text.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The text form of one-dimensional arrays: `{"a","b",NULL}`.
enum PostgresArrayText {
    static func format(_ items: [String?]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(items.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard let item else {
                out.append(contentsOf: "NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in item.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses a one-dimensional array; nil items are NULLs.
    static func parse(_ text: String) -> [String?]? {
        var scalars = Substring(text).unicodeScalars[...]
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = scalars.dropFirst().dropLast()
        var items: [String?] = []
        if scalars.isEmpty { return items }
        var current = String.UnicodeScalarView()
        var quoted = false
        var wasQuoted = false
        var escaped = false
        for ch in scalars {
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            switch ch {
            case "\\" where quoted: escaped = true
            case "\"":
                quoted.toggle()
                wasQuoted = true
            case "," where !quoted:
                items.append(element(current, wasQuoted))
                current = .init()
                wasQuoted = false
            case "{" where !quoted: return nil  // nested arrays are not supported
            default: current.append(ch)
            }
        }
        items.append(element(current, wasQuoted))
        return items
    }

    private static func element(_ scalars: String.UnicodeScalarView, _ quoted: Bool) -> String? {
        let text = String(scalars)
        return !quoted && text == "NULL" ? nil : text
    }
}

/// `timestamptz` text in ISO style, always written in UTC with microseconds.
enum PostgresTimestamp {
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = time_t(micros.floorDivided(by: 1_000_000))
        let fraction = micros - Int64(seconds) * 1_000_000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), fraction)
    }

    /// Reads `YYYY-MM-DD[ HH:MM:SS[.ffffff]][±HH[:MM[:SS]]]`, `infinity` and `-infinity`.
    static func parse(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<width {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }
        func expect(_ c: Character) -> Bool {
            guard index < bytes.count, bytes[index] == c.asciiValue! else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        var micros: Int64 = 0
        var offsetSeconds = 0
        if expect(" ") || expect("T") {
            guard let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2) else { return nil }
            parts.tm_hour = Int32(hour)
            parts.tm_min = Int32(minute)
            parts.tm_sec = Int32(second)
            if expect(".") {
                var digits = 0
                while index < bytes.count, (48...57).contains(bytes[index]) {
                    if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
                    digits += 1
                    index += 1
                }
                for _ in digits..<max(digits, 6) { micros *= 10 }
            }
            if index < bytes.count {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard expect("+") || expect("-"), let hours = number(2) else { return nil }
                var offset = hours * 3600
                if expect(":"), let minutes = number(2) { offset += minutes * 60 }
                if expect(":"), let seconds = number(2) { offset += seconds }
                offsetSeconds = sign * offset
            }
        }
        guard index == bytes.count else { return nil }
        let seconds = Int64(timegm(&parts)) - Int64(offsetSeconds)
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
