/// What a parameter's number means.
public enum ParameterUnit: String, Sendable, Codable, CaseIterable {
    /// An amount in fen.
    case fen
    /// A rate in basis points: 10000 is 100 %.
    case basisPoints = "basis_points"
    /// A number of months.
    case months
    /// A number of working days.
    case workingDays = "working_days"
    /// A number of hours.
    case hours
    /// A number of years (of age).
    case years
    /// A plain count.
    case count
}

/// A figure a type's rules read that districts set for themselves (thresholds, standards, rates,
/// caps, time limits), with the default a district gets when it sets nothing.
public struct AssistanceParameter: Hashable, Sendable {
    /// The key in the settings file, e.g. `civil-affairs.dibao.assetMonths`.
    public let key: String
    /// The setting's name as the district's settings page shows it, e.g. 城乡低保标准.
    public let chineseName: String
    /// The value used when the district sets none.
    public let defaultValue: Int
    /// What the number counts.
    public let unit: ParameterUnit
    /// The allowed values; settings outside them are refused at start-up.
    public let range: ClosedRange<Int>
    /// What it is and where the default comes from.
    public let summary: String

    /// Creates the parameter; the default must lie in the range.
    public init(key: String, chineseName: String, defaultValue: Int, unit: ParameterUnit, range: ClosedRange<Int>? = nil, summary: String) {
        let range = range ?? (unit == .basisPoints ? 0...10_000 : 0...Int(Int32.max))
        precondition(range.contains(defaultValue), "default of \(key) outside its range")
        self.key = key
        self.chineseName = chineseName
        self.defaultValue = defaultValue
        self.unit = unit
        self.range = range
        self.summary = summary
    }
}

/// The district-wide figures several modules share.
public enum DistrictParameters {
    /// 城乡低保标准: the monthly minimum living standard per person, which many rules are measured against.
    public static let dibaoStandard = AssistanceParameter(
        key: "district.dibaoStandardFen", chineseName: "城乡低保标准（元/人·月）", defaultValue: 72_000, unit: .fen, range: 1...10_000_000,
        summary: "monthly minimum living standard per person (城乡低保标准); the default, 720 yuan, is near Jilin's 2025 urban line")

    /// Every shared parameter.
    public static let all = [dibaoStandard]
}

/// A district's settings: values that override parameters' defaults, by key.
public struct AssistanceSettings: Hashable, Sendable {
    /// The values the district set.
    public let overrides: [String: Int]

    /// No overrides: every parameter at its default.
    public static let defaults = AssistanceSettings(checked: [:])

    private init(checked overrides: [String: Int]) { self.overrides = overrides }

    /// Checks `overrides` against the known parameters: unknown keys and values out of range are refused.
    public init(_ overrides: [String: Int], known parameters: [AssistanceParameter]) throws(FieldError) {
        let byKey = Dictionary(parameters.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let parameter = byKey[key] else {
                throw FieldError(
                    field: key, code: "unknown_setting", message: "no assistance type reads \(key); see GET /api/v1/assistance-types for the keys")
            }
            guard parameter.range.contains(value) else {
                throw FieldError(
                    field: key, code: "out_of_range",
                    message: "\(key) must lie in \(parameter.range.lowerBound)...\(parameter.range.upperBound) (\(parameter.unit.rawValue))")
            }
        }
        self.init(checked: overrides)
    }

    /// Reads a settings file: `key = value` lines; `#` starts a comment; `_` may group digits.
    public init(parsing text: String, known parameters: [AssistanceParameter]) throws(FieldError) {
        var values: [String: Int] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let pair = line.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard pair.count == 2, let value = Int(pair[1].filter { $0 != "_" }) else {
                throw FieldError(
                    field: "line \(number + 1)", code: "malformed",
                    message: "write settings as key = whole number, e.g. district.dibaoStandardFen = 72000")
            }
            values[String(pair[0])] = value
        }
        try self.init(values, known: parameters)
    }

    /// The value in force for `parameter`.
    public func value(_ parameter: AssistanceParameter) -> Int { overrides[parameter.key] ?? parameter.defaultValue }
}
