/// The four levels of the region tree, from the district down to the grid.
public enum RegionLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// 区 / 县: the 12-digit code ends in six zeros.
    case district
    /// 乡镇 / 街道: the 12-digit code ends in three zeros.
    case town
    /// 村 / 社区: any other 12-digit code.
    case village
    /// 网格: a village's 12 digits followed by a 3-digit grid number.
    case grid

    /// The level's Chinese name.
    public var chineseName: String {
        switch self {
        case .district: "区县"
        case .town: "乡镇街道"
        case .village: "村居"
        case .grid: "网格"
        }
    }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A region's code: the 12-digit statistical division code for district, town and village, and
/// 15 digits (village code + grid number) for a grid. The level and the parent follow from it.
public struct RegionCode: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The digits.
    public let value: String
    /// Where in the tree the code sits.
    public let level: RegionLevel

    /// Why a text is not a region code.
    public enum ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not 12 or 15 digits.
        case format(String)
        /// The digits name no region: a county part of zeros, a village without a town, grid 000.
        case structure(String)

        public var description: String {
            switch self {
            case .format: "a region code has 12 digits (district, town, village) or 15 (grid)"
            case .structure(let reason): "not a region code: \(reason)"
            }
        }
    }

    /// Validates `text` and derives the level.
    public init(_ text: String) throws(ValidationError) {
        level = try UTF8Digits.reading(text) { Self.level(of: $0, text: text) }.get()
        value = text
    }

    /// The level of the code `digits` (the bytes of `text`) writes, or why it writes none.
    private static func level(of digits: UTF8Digits.Bytes, text: String) -> Result<RegionLevel, ValidationError> {
        guard digits.count == 12 || digits.count == 15, digits.allSatisfy(UTF8Digits.isDigit) else { return .failure(.format(text)) }
        let start = digits.startIndex
        let town = UTF8Digits.isZeros(digits[(start + 6)..<(start + 9)])
        let village = UTF8Digits.isZeros(digits[(start + 9)..<(start + 12)])
        guard !UTF8Digits.isZeros(digits[(start + 2)..<(start + 6)]) else { return .failure(.structure("the first six digits must name a county")) }
        if digits.count == 15 {
            guard !town, !village else { return .failure(.structure("a grid belongs to a village")) }
            guard !UTF8Digits.isZeros(digits[(start + 12)...]) else { return .failure(.structure("grid numbers start at 001")) }
            return .success(.grid)
        }
        if town {
            return village ? .success(.district) : .failure(.structure("a village belongs to a town"))
        }
        return .success(village ? .town : .village)
    }

    /// The code of the region one level up; nil for a district.
    public var parent: RegionCode? {
        switch level {
        case .district: nil
        case .town: try? RegionCode(value.prefix(6) + "000000")
        case .village: try? RegionCode(value.prefix(9) + "000")
        case .grid: try? RegionCode(String(value.prefix(12)))
        }
    }

    /// The digits every region inside this one starts with (itself included).
    public var scopePrefix: String {
        switch level {
        case .district: String(value.prefix(6))
        case .town: String(value.prefix(9))
        case .village: String(value.prefix(12))
        case .grid: value
        }
    }

    /// Whether `other` is this region or lies inside it.
    public func contains(_ other: RegionCode) -> Bool {
        other.level >= level && other.value.hasPrefix(scopePrefix)
    }

    /// The code of a child at `number` (1-based) one level down; nil for a grid or a number out of range.
    public func child(_ number: Int) -> RegionCode? {
        guard (1...999).contains(number) else { return nil }
        let suffix = String(number).leftPadded(to: 3)
        switch level {
        case .district: return try? RegionCode(value.prefix(6) + suffix + "000")
        case .town: return try? RegionCode(value.prefix(9) + suffix)
        case .village: return try? RegionCode(value + suffix)
        case .grid: return nil
        }
    }

    public var description: String { value }

    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try RegionCode(text) } catch {
            throw FieldError(decoding: decoder, code: "invalid_region") { "\($0): \(error.description)" }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension String {
    /// The text with zeros in front up to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
