/// Display forms of personal data that hide most of it, used in every response and list.
public enum Masking {
    /// Keeps the division code (6) and the last 4 characters: `220202********1234`. A value
    /// shorter than an ID number's 18 (a phone number in the wrong column) is masked whole, so
    /// that no more than an ID number's 10 characters show of less.
    public static func idNumber(_ value: String) -> String {
        keep(value, leading: 6, trailing: 4, hiding: 8)
    }

    /// Keeps the first 3 and last 4 digits of a mobile number: `138****5678`; a value shorter than
    /// its 11 is masked whole.
    public static func phone(_ value: String) -> String {
        keep(value, leading: 3, trailing: 4, hiding: 4)
    }

    /// Keeps the first character of a name: `张*` and `欧阳**`'s `欧**`, as publication lists do.
    public static func name(_ value: String) -> String {
        guard let first = value.first else { return value }
        return String(first) + String(repeating: "*", count: max(1, value.count - 1))
    }

    /// Keeps `leading` and `trailing` characters when at least `hidden` are left to mask between them.
    private static func keep(_ value: String, leading: Int, trailing: Int, hiding hidden: Int) -> String {
        // ID and phone numbers are ASCII: masked byte by byte, without splitting into characters.
        if value.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) {
            var bytes = Array(value.utf8)
            guard bytes.count >= leading + trailing + hidden else { return String(repeating: "*", count: bytes.count) }
            for index in leading..<(bytes.count - trailing) { bytes[index] = UInt8(ascii: "*") }
            return String(decoding: bytes, as: UTF8.self)
        }
        let characters = Array(value)
        guard characters.count >= leading + trailing + hidden else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(leading)) + String(repeating: "*", count: characters.count - leading - trailing)
            + String(characters.suffix(trailing))
    }
}
