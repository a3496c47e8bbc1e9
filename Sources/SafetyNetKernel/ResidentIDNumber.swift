/// A mainland Chinese resident identity number (GB 11643-1999): 18 characters, the last an
/// ISO 7064 MOD 11-2 check character, with the birth date and sex inside.
///
/// Only a valid number can be created, so code that holds one never re-checks it. The value is
/// personal data: never log it or put it in a response; see `PersonalData` for masking.
public struct ResidentIDNumber: Hashable, Sendable {
    /// The 18 characters, with a check character `X` in upper case.
    public let value: String
    /// The 6-digit administrative division code of the place of first registration.
    public var divisionCode: Substring { value.prefix(6) }
    /// The birth date held in characters 7–14.
    public let birthDate: CalendarDate
    /// The sex held in the 17th character (odd for male, even for female).
    public var sex: Sex { (Array(value)[16].wholeNumberValue ?? 0) % 2 == 1 ? .male : .female }

    /// Why a text is not a valid resident ID number.
    public enum ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not 18 characters.
        case length(Int)
        /// A character other than a digit (or `X` last).
        case characters
        /// Characters 7–14 are not a real date, or the date is after `today`.
        case birthDate(String)
        /// The check character does not match the first 17 digits.
        case checkCharacter(expected: Character, found: Character)

        public var description: String {
            switch self {
            case .length(let count): "an ID number has 18 characters, this one has \(count)"
            case .characters: "an ID number has 17 digits and then a digit or X"
            // The digits are the number's own: never quoted, so a message is safe to log or store.
            case .birthDate: "the birth date in the ID number is not a real past date"
            case .checkCharacter: "the ID number's check character is wrong; check the number for a typing error"
            }
        }
    }

    /// Validates and normalizes `text` (surrounding spaces trimmed, `x` upper-cased).
    /// - Parameter today: birth dates after this day are refused.
    public init(_ text: String, today: CalendarDate? = nil) throws(ValidationError) {
        // Read as bytes: a valid number is ASCII, and department batches check millions of them.
        let trimmed = text.trimmingSpaces
        var bytes = Array(trimmed.utf8)
        guard bytes.count == 18, bytes.allSatisfy({ $0 < 0x80 }) else {
            let count = trimmed.count
            throw count == 18 ? .characters : .length(count)
        }
        if bytes[17] == UInt8(ascii: "x") { bytes[17] = UInt8(ascii: "X") }
        let digits = bytes.prefix(17).map { Int($0) - Int(UInt8(ascii: "0")) }
        guard digits.allSatisfy((0...9).contains), bytes[17] == UInt8(ascii: "X") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[17])
        else { throw .characters }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10...11].reduce(0) { $0 * 10 + $1 }
        let day = digits[12...13].reduce(0) { $0 * 10 + $1 }
        guard let birthDate = CalendarDate(year: year, month: month, day: day),
            today.map({ birthDate <= $0 }) ?? true
        else {
            throw .birthDate(String(decoding: bytes[6..<14], as: UTF8.self))
        }
        let expected = Self.checkCharacter(forDigits: digits)
        let found = Character(Unicode.Scalar(bytes[17]))
        guard found == expected else { throw .checkCharacter(expected: expected, found: found) }
        self.value = String(decoding: bytes, as: UTF8.self)
        self.birthDate = birthDate
    }

    /// Builds the number for a division, a birth date and an order code (0–999, odd for men),
    /// computing the check character; throws when the parts make no valid number.
    public static func compose(divisionCode: String, birthDate: CalendarDate, order: Int) throws(ValidationError) -> ResidentIDNumber {
        let first17 = divisionCode + birthDate.description.filter { $0 != "-" } + String(order).leftPadded(to: 3)
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17 else { throw .characters }
        return try ResidentIDNumber(first17 + String(checkCharacter(forDigits: digits)))
    }

    /// Male or female, as the number encodes it.
    public enum Sex: String, Sendable, Codable, CaseIterable {
        case male, female
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The ISO 7064 MOD 11-2 check character for the first 17 digits.
    /// Digits past the 17th are ignored; fewer give a character no valid number has.
    public static func checkCharacter(forDigits digits: [Int]) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: Substring {
        // Most text starts and ends with a visible ASCII character: nothing to trim, no Unicode lookups.
        let visible = UInt8(0x21)...UInt8(0x7E)
        if let first = utf8.first, let last = utf8.last, visible.contains(first), visible.contains(last) { return self[...] }
        let trimmed = drop(while: \.isWhitespace)
        return trimmed.dropLast(trimmed.reversed().prefix(while: \.isWhitespace).count)
    }
}
