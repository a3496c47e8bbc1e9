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
        // A number written trimmed with an upper-case X, as nearly all are, is kept as it came.
        var value = text.trimmedSpaces
        guard value.utf8.count == 18, value.utf8.allSatisfy({ $0 < 0x80 }) else {
            let count = value.count
            throw count == 18 ? .characters : .length(count)
        }
        if value.utf8.last == UInt8(ascii: "x") { value = value.dropLast() + "X" }
        self.birthDate = try UTF8Digits.reading(value) { Self.birthDate(ofNumber: $0, today: today) }.get()
        self.value = value
    }

    /// The birth date of the 18 ASCII characters in `number` (an upper-case X if any), once its
    /// characters and check character are right and the date is real and not after `today`.
    private static func birthDate(ofNumber number: UTF8Digits.Bytes, today: CalendarDate?) -> Result<CalendarDate, ValidationError> {
        let start = number.startIndex
        let check = number[start + 17]
        guard UTF8Digits.value(number[start..<(start + 17)]) != nil, check == UInt8(ascii: "X") || UTF8Digits.isDigit(check) else {
            return .failure(.characters)
        }
        let part = { (offset: Int, count: Int) in UTF8Digits.value(number[(start + offset)..<(start + offset + count)]) ?? 0 }
        guard let birthDate = CalendarDate(year: part(6, 4), month: part(10, 2), day: part(12, 2)), today.map({ birthDate <= $0 }) ?? true
        else {
            return .failure(.birthDate(String(decoding: number[(start + 6)..<(start + 14)], as: UTF8.self)))
        }
        let expected = checkCharacter(forDigits: number.prefix(17).lazy.map { Int($0 - UInt8(ascii: "0")) })
        let found = Character(Unicode.Scalar(check))
        return found == expected ? .success(birthDate) : .failure(.checkCharacter(expected: expected, found: found))
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
    public static func checkCharacter(forDigits digits: some Sequence<Int>) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }
}

extension String {
    /// ``trimmingSpaces`` as a String: the text itself, not a copy, when there is nothing to trim.
    var trimmedSpaces: String {
        let trimmed = trimmingSpaces
        return trimmed.utf8.count == utf8.count ? self : String(trimmed)
    }

    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: Substring {
        // Most text starts and ends with a visible ASCII character or a Chinese one: nothing to
        // trim, no Unicode lookups. Neither joins a space before it into one character.
        func isVisible(_ scalar: Unicode.Scalar) -> Bool { (0x21...0x7E).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) }
        if let first = unicodeScalars.first, let last = unicodeScalars.last, isVisible(first), isVisible(last) { return self[...] }
        let trimmed = drop(while: \.isWhitespace)
        return trimmed.dropLast(trimmed.reversed().prefix(while: \.isWhitespace).count)
    }
}
