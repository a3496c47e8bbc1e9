/// A day on the civil calendar (year, month, day) with no time of day and no time zone.
///
/// Birth dates, holidays and working-day limits are days, not instants; keeping them apart from
/// `Date` avoids off-by-one errors at midnight in China Standard Time.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The year, e.g. 2025.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// Creates the day, or nil when it does not exist (e.g. 2025-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The last day the type holds, 9999-12-31: after any real day.
    public static let distantFuture = CalendarDate(valid: 9999, 12, 31)

    /// 1 January of `year`, a day every year has.
    public static func newYear(_ year: Int) -> CalendarDate { CalendarDate(valid: year, 1, 1) }

    /// A day known to exist.
    private init(valid year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`; nil when the text is not a real day in that form.
    public init?(iso text: some StringProtocol) {
        guard let day = UTF8Digits.reading(text, Self.iso) else { return nil }
        self = day
    }

    /// The day `YYYY-MM-DD` in `bytes` names, if it is a real one.
    static func iso(_ bytes: UTF8Digits.Bytes) -> CalendarDate? {
        let start = bytes.startIndex
        guard bytes.count == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
            let year = UTF8Digits.value(bytes[start..<(start + 4)]), let month = UTF8Digits.value(bytes[(start + 5)..<(start + 7)]),
            let day = UTF8Digits.value(bytes[(start + 8)...])
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        // A day moved past 9999-12-31 (by adding days) has no four-digit year: written as it is.
        guard (0...9999).contains(year) else { return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)" }
        // Written digit by digit: dates are written into every row of a department batch.
        return String(unsafeUninitializedCapacity: 10) { text in
            func put(_ value: Int, width: Int, endingAt end: Int) {
                var rest = value
                for position in (end - width..<end).reversed() {
                    text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4, endingAt: 4)
            text[4] = UInt8(ascii: "-")
            put(month, width: 2, endingAt: 7)
            text[7] = UInt8(ascii: "-")
            put(day, width: 2, endingAt: 10)
            return 10
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = month
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// The first day of this day's month.
    public var firstOfMonth: CalendarDate { adding(days: 1 - day) }

    /// The first day of the month `count` months after this day's (before it when negative); this
    /// month's first day when that would leave the years 1 to 9999.
    public func firstOfMonth(monthsLater count: Int) -> CalendarDate {
        let index = year * 12 + month - 1 + count
        return CalendarDate(year: index / 12, month: index % 12 + 1, day: 1) ?? firstOfMonth
    }

    /// The last day of this day's month.
    public var lastOfMonth: CalendarDate { adding(days: Self.daysIn(month: month, year: year) - day) }

    /// 1 January of this day's year.
    public var firstOfYear: CalendarDate { adding(days: 1 - dayOfYear) }

    /// The day's number within its year, 1 for 1 January.
    public var dayOfYear: Int {
        (1..<month).reduce(day) { $0 + Self.daysIn(month: $1, year: year) }
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = (daysSinceEpoch + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    /// Whole years from this day to `other` (an age when this is a birth date).
    public func wholeYears(until other: CalendarDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    /// Whether `year` is a leap year in the Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw FieldError(decoding: decoder, code: "invalid_date") { "\($0) is a day written YYYY-MM-DD, e.g. 2026-01-31" }
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
