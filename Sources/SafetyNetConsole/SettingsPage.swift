import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// 区级设置: the district's standards, thresholds, time limits and intervals in force, grouped as
/// officials look for them, each with its default and allowed range; the admin changes them with
/// a note, each change a new version in force at once; the versions before are listed.
public struct SettingsPage: ConsolePage {
    public static let template = "settings"

    /// A heading and the settings under it.
    public struct Section: Sendable {
        /// The heading.
        public let title: String
        /// The settings under it.
        public let parameters: [AssistanceParameter]

        /// The settings `parameters` under `title`.
        public init(title: String, parameters: [AssistanceParameter]) {
            self.title = title
            self.parameters = parameters
        }
    }

    /// The form as it was sent, to show again with what was wrong with it.
    public struct SentChange: Sendable {
        let typed: [String: String]
        let problem: String
        /// The setting at fault, marked in its row; nil when the problem is the whole form's.
        let key: String?

        /// The form's fields as typed, refused for `problem` with the setting `key`.
        public init(typed: [String: String], problem: String, key: String?) {
            self.typed = typed
            self.problem = problem
            self.key = key
        }
    }

    struct Row: Sendable {
        let key: String
        let name: String
        let value: String
        let input: String
        let unit: String
        let defaultValue: String
        let range: String
        let changed: Bool
        let resetChecked: Bool
        let atFault: Bool
    }

    struct Group: Sendable {
        let title: String
        let rows: [Row]
    }

    struct Version: Sendable {
        let version: Int
        let at: String
        let by: String
        let note: String
        let values: String
    }

    let frame: PageFrame
    let version: Int
    let groups: [Group]
    let canEdit: Bool
    let note: String
    let problem: String?
    let versions: [Version]

    /// The page of `settings` (version `version`) in `sections`, with the `history` of versions;
    /// `canEdit` shows the inputs, filled as `sent` after a refusal.
    public init(
        frame: PageFrame, version: Int, settings: AssistanceSettings, sections: [Section], history: [SettingsVersionView], canEdit: Bool,
        sent: SentChange? = nil
    ) {
        self.frame = frame
        self.version = version
        let known = Dictionary(
            sections.flatMap { section in section.parameters.map { ($0.key, (section.title + "·" + $0.chineseName, $0.unit)) } },
            uniquingKeysWith: { first, _ in first })
        groups = sections.filter { !$0.parameters.isEmpty }.map { section in
            Group(
                title: section.title,
                rows: section.parameters.map { parameter in
                    let value = settings.value(parameter)
                    return Row(
                        key: parameter.key, name: parameter.chineseName, value: Self.shown(value, parameter.unit),
                        input: sent?.typed["value.\(parameter.key)"] ?? Self.input(value, parameter.unit), unit: Self.unitName(parameter.unit),
                        defaultValue: Self.shown(parameter.defaultValue, parameter.unit),
                        range:
                            "\(Self.shown(parameter.range.lowerBound, parameter.unit)) 至 \(Self.shown(parameter.range.upperBound, parameter.unit))",
                        changed: value != parameter.defaultValue, resetChecked: sent?.typed["reset.\(parameter.key)"] == "true",
                        atFault: sent?.key == parameter.key)
                })
        }
        self.canEdit = canEdit
        note = sent?.typed["note"] ?? ""
        problem = sent?.problem
        versions = history.map { entry in
            Version(
                version: entry.version, at: ChineseFormat.dateTime(entry.changedAt), by: entry.changedBy ?? "系统（启动时读入）", note: entry.note,
                values: entry.overrides.sorted { $0.key < $1.key }.map { key, value in
                    known[key].map { "\($0.0)：\(Self.shown(value, $0.1))" } ?? "\(key)：\(value)"
                }.joined(separator: "；"))
        }
    }

    /// `value` as the page writes it: yuan for amounts, a percentage beside basis points.
    static func shown(_ value: Int, _ unit: ParameterUnit) -> String {
        switch unit {
        case .fen: ChineseFormat.yuan(fen: value)
        case .basisPoints: "\(value)（\(String(format: "%.2f", Double(value) / 100))%）"
        default: "\(value)\(unitName(unit))"
        }
    }

    /// `value` as the input field holds it: yuan for amounts, the number otherwise.
    public static func input(_ value: Int, _ unit: ParameterUnit) -> String {
        unit == .fen ? ChineseFormat.yuanInput(fen: value) : "\(value)"
    }

    /// What an input of `unit` counts, in Chinese.
    public static func unitName(_ unit: ParameterUnit) -> String {
        switch unit {
        case .fen: "元"
        case .basisPoints: "万分比"
        case .months: "个月"
        case .workingDays: "个工作日"
        case .hours: "小时"
        case .years: "岁"
        case .count: ""
        }
    }

    /// The value an input of `unit` holds, or nil when it is no such value: yuan for amounts, a whole number otherwise.
    public static func value(input text: String, unit: ParameterUnit) -> Int? {
        unit == .fen ? ChineseFormat.fen(yuanInput: text) : Int(text.trimmingCharacters(in: .whitespaces))
    }
}
