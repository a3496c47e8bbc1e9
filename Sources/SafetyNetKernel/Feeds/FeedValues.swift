/// What a feed field's text must be, and what it becomes once read.
public enum FeedFieldKind: Sendable, Hashable {
    /// A resident ID number (GB 11643), checked in full.
    case idNumber
    /// A day: `2026-03-01`, `2026/3/1`, `20260301` or `2026年3月1日`, as department exports write them.
    case date
    /// An amount in yuan with at most two decimals (`1234.5`, `1,234.50`), kept in fen.
    case amount
    /// A whole number within the range.
    case integer(ClosedRange<Int>)
    /// Free text of one line within the limit.
    case text(maximum: Int)
    /// One of the choices, given by its code or its Chinese label; kept as the code.
    case choice([FeedChoice])
    /// Where the person lives: a town's, village's (12 digits) or grid's (15) code, as exports give
    /// the 区划代码; a row naming nobody the registry knows is listed there as a discovery.
    case region

    /// The choices of a kernel enumeration, by raw value and Chinese name.
    public static func choice<E: CaseIterable & RawRepresentable<String>>(of type: E.Type, label: (E) -> String) -> FeedFieldKind {
        .choice(E.allCases.map { FeedChoice(code: $0.rawValue, label: label($0)) })
    }
}

/// One allowed value of a ``FeedFieldKind/choice(_:)`` field.
public struct FeedChoice: Sendable, Hashable {
    /// The code kept and read by rules, e.g. `serious`.
    public let code: String
    /// The Chinese label exports write instead, e.g. 重大疾病.
    public let label: String

    /// Creates the choice.
    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}

/// A field's value once read.
public enum FeedValue: Sendable, Hashable {
    case idNumber(ResidentIDNumber)
    case date(CalendarDate)
    case fen(Int)
    case integer(Int)
    case text(String)
    case choice(String)
    case region(RegionCode)
}

extension FeedField {
    /// Reads the field's text; blank text is no value (nil), refused when the field is required.
    /// Problems name the field and never quote the value, which may be personal data.
    public func read(_ text: String, today: CalendarDate) throws(FieldError) -> FeedValue? {
        let trimmed = text.trimmedSpaces
        guard !trimmed.isEmpty else {
            if isRequired { throw problem("required", "\(label) must be filled in") }
            return nil
        }
        switch kind {
        case .idNumber:
            do { return .idNumber(try ResidentIDNumber(trimmed, today: today)) } catch { throw problem("invalid_id_number", error.description) }
        case .date:
            guard let date = CalendarDate(exportText: trimmed) else {
                throw problem("invalid_date", "\(label) is a date such as 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日")
            }
            return .date(date)
        case .amount:
            guard let fen = Self.fen(yuan: trimmed), fen <= AmountRule.maximumFen else {
                throw problem("invalid_amount", "\(label) is an amount in yuan with at most two decimals, such as 1234.50, up to 1,000,000,000")
            }
            return .fen(fen)
        case .integer(let range):
            guard let value = Int(trimmed), range.contains(value) else {
                throw problem("out_of_range", "\(label) is a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return .integer(value)
        case .text(let maximum):
            try TextRule.checkCharacters(trimmed, field: name, lines: .single)
            guard trimmed.utf8.count <= maximum || trimmed.unicodeScalars.count <= maximum else {
                throw problem("too_long", "\(label) has at most \(maximum) characters")
            }
            return .text(trimmed)
        case .choice(let choices):
            guard let choice = choices.first(where: { $0.code == trimmed || $0.label == trimmed }) else {
                throw problem("not_a_choice", "\(label) is one of \(choices.map { "\($0.code) (\($0.label))" }.joined(separator: ", "))")
            }
            return .choice(choice.code)
        case .region:
            guard let code = try? RegionCode(trimmed), code.level != .district else {
                throw problem("invalid_region", "\(label) is a town's or village's 12-digit division code, or a grid's 15 digits")
            }
            return .region(code)
        }
    }

    /// The field as a message names it: the name and the header a Chinese export gives it.
    private var label: String { "\(name) (\(chineseLabel))" }

    private func problem(_ code: String, _ message: String) -> FieldError {
        FieldError(field: name, code: code, message: message)
    }

    /// Fen from yuan text: digits, thousands grouped by commas or not at all, and at most two decimals.
    static func fen(yuan text: String) -> Int? { UTF8Digits.reading(text, fen(yuan:)) }

    private static func fen(yuan bytes: UTF8Digits.Bytes) -> Int? {
        let point = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
        let decimals = point < bytes.endIndex ? bytes[(point + 1)...] : bytes[point...]
        guard point == bytes.endIndex || (1...2).contains(decimals.count), let cents = decimals.isEmpty ? 0 : UTF8Digits.value(decimals),
            let yuan = groupedYuan(bytes[..<point])
        else { return nil }
        return yuan * 100 + cents * (decimals.count == 1 ? 10 : 1)
    }

    /// Whole yuan: at most 12 digits, ungrouped, or grouped by commas in threes after a first group of one to three.
    private static func groupedYuan(_ whole: UTF8Digits.Bytes) -> Int? {
        var yuan = 0
        var digits = 0
        var group = 0
        var grouped = false
        for byte in whole {
            if byte == UInt8(ascii: ",") {
                guard grouped ? group == 3 : (1...3).contains(group) else { return nil }
                grouped = true
                group = 0
                continue
            }
            digits += 1
            guard UTF8Digits.isDigit(byte), digits <= 12 else { return nil }
            yuan = yuan * 10 + Int(byte - UInt8(ascii: "0"))
            group += 1
        }
        guard digits > 0, !grouped || group == 3 else { return nil }
        return yuan
    }
}

extension CalendarDate {
    /// Reads the ways department exports write a day: `2026-03-01`, `2026/3/1`, `2026.3.1`,
    /// `20260301` and `2026年3月1日`, each also with a time after a space or `T` (`2026/3/1 0:00`,
    /// `2026-03-01 00:00:00`, `2026-03-01T08:30:00`), as database exports write dates; nil when the
    /// text is none of these, mixes separators, or is no real day.
    public init?(exportText text: String) {
        guard let day = UTF8Digits.reading(text, Self.exportDay) else { return nil }
        self = day
    }

    private static let yearMark = Array("年".utf8)
    private static let monthMark = Array("月".utf8)
    private static let dayMark = Array("日".utf8)

    private static func exportDay(_ text: UTF8Digits.Bytes) -> CalendarDate? {
        if let iso = iso(text) { return iso }  // 2026-03-01, as most exports write it
        var day = text
        if let cut = day.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "T") }) {
            guard isTimeOfDay(day[(cut + 1)...]) else { return nil }
            day = day[..<cut]
        }
        if day.count == 8, let number = UTF8Digits.value(day) {
            return CalendarDate(year: number / 10_000, month: number / 100 % 100, day: number % 100)
        }
        let parts = chineseParts(day) ?? separatedParts(day)
        guard parts.count == 3, parts[0].count == 4,
            (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            let year = UTF8Digits.value(parts[0]), let month = UTF8Digits.value(parts[1]), let dayOfMonth = UTF8Digits.value(parts[2])
        else { return nil }
        return CalendarDate(year: year, month: month, day: dayOfMonth)
    }

    /// The year, month and day of `2026年3月1日`; nil when the text does not end in 日.
    private static func chineseParts(_ day: UTF8Digits.Bytes) -> [UTF8Digits.Bytes]? {
        guard day.count > dayMark.count, day.suffix(dayMark.count).elementsEqual(dayMark) else { return nil }
        let numbers = day.dropLast(dayMark.count)
        guard let year = UTF8Digits.range(of: yearMark, in: numbers),
            let month = UTF8Digits.range(of: monthMark, in: numbers[year.upperBound...])
        else { return [] }
        return [numbers[..<year.lowerBound], numbers[year.upperBound..<month.lowerBound], numbers[month.upperBound...]]
    }

    /// The parts of `2026/3/1`, `2026-3-1` or `2026.3.1`, split by the first of those separators.
    private static func separatedParts(_ day: UTF8Digits.Bytes) -> [UTF8Digits.Bytes] {
        guard let separator = day.first(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".") }) else {
            return []
        }
        return day.split(separator: separator, omittingEmptySubsequences: false)
    }

    /// `H:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, a real time of day.
    private static func isTimeOfDay(_ text: UTF8Digits.Bytes) -> Bool {
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), (1...2).contains(parts[0].count), parts[1].count == 2,
            let hour = UTF8Digits.value(parts[0]), let minute = UTF8Digits.value(parts[1]), hour < 24, minute < 60
        else { return false }
        guard parts.count == 3 else { return true }
        let seconds = parts[2].split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard seconds[0].count == 2, let second = UTF8Digits.value(seconds[0]), second < 60 else { return false }
        return seconds.count == 1 || (!seconds[1].isEmpty && seconds[1].allSatisfy(UTF8Digits.isDigit))
    }
}

/// A feed row once every field has been read: one value per field of the feed, in its order, nil
/// where an optional field was blank; read by field name.
public struct FeedRecord: Sendable, Hashable {
    /// The feed's field names, in order: one array shared by every record of the feed.
    public let names: [String]
    /// The values, one per name.
    public let values: [FeedValue?]

    /// Only a feed's reader makes records (``FeedDefinition/record(fromFieldTexts:today:)``), one
    /// value per field, so `values` always lines up with `names`.
    init(names: [String], values: [FeedValue?]) {
        self.names = names
        self.values = values
    }

    /// The value of the field named `field`, nil when it was blank or the feed has no such field.
    public subscript(field: String) -> FeedValue? {
        names.firstIndex(of: field).flatMap { values[$0] }
    }

    /// The ID number in `field`, if the row holds one there.
    public func idNumber(_ field: String) -> ResidentIDNumber? {
        if case .idNumber(let value) = self[field] { value } else { nil }
    }
    /// The day in `field`.
    public func date(_ field: String) -> CalendarDate? {
        if case .date(let value) = self[field] { value } else { nil }
    }
    /// The amount in fen in `field`.
    public func fen(_ field: String) -> Int? {
        if case .fen(let value) = self[field] { value } else { nil }
    }
    /// The whole number in `field`.
    public func integer(_ field: String) -> Int? {
        if case .integer(let value) = self[field] { value } else { nil }
    }
    /// The region code in `field`.
    public func region(_ field: String) -> RegionCode? {
        if case .region(let value) = self[field] { value } else { nil }
    }
    /// The text or choice code in `field`.
    public func text(_ field: String) -> String? {
        switch self[field] {
        case .text(let value), .choice(let value): value
        default: nil
        }
    }
}

extension FeedDefinition {
    /// Reads one row given as one text per field of ``fields``, in their order (blank and absent
    /// are the same, and fields past the end of `texts` are blank): the record, or every field's
    /// problem at once so a department fixes a row in one pass.
    public func record(fromFieldTexts texts: [String], today: CalendarDate) -> Result<FeedRecord, FeedRowRefusal> {
        var values: [FeedValue?] = []
        values.reserveCapacity(fields.count)
        var problems: [FieldError] = []
        for position in fields.indices {
            do {
                values.append(try fields[position].read(texts.indices.contains(position) ? texts[position] : "", today: today))
            } catch {
                problems.append(error)
            }
        }
        return problems.isEmpty ? .success(FeedRecord(names: fieldNames, values: values)) : .failure(FeedRowRefusal(problems: problems))
    }
}

/// Why a row was not taken: one problem per field that failed.
public struct FeedRowRefusal: Error, Sendable, Hashable {
    /// The fields' problems, in the feed's field order.
    public let problems: [FieldError]
}
