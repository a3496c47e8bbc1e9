import Logging

/// How a log line is written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-12-02T13:05:09+0800 info safetynet: key=value [Source] message`, as swift-log's
    /// `StreamLogHandler` writes it: for people reading a terminal.
    case text
    /// One JSON object per line, `{"time":…,"level":…,"logger":…,"source":…,"message":…}` and then
    /// the metadata's keys (a key that would shadow one of these gets a `meta.` prefix): for a
    /// log collector.
    case json

    private static let fixedKeys: Set<String> = ["time", "level", "logger", "source", "message"]

    /// One line, ending in a newline.
    func line(time: String, level: Logger.Level, label: String, source: String, message: String, metadata: Logger.Metadata) -> String {
        let sorted = metadata.sorted { $0.key < $1.key }
        switch self {
        case .text:
            let pretty = sorted.isEmpty ? "" : " " + sorted.map { "\($0)=\($1)" }.joined(separator: " ")
            return "\(time) \(level) \(label):\(pretty) [\(source)] \(message)\n"
        case .json:
            var fields = [("time", JSONText.string(time)), ("level", JSONText.string("\(level)")), ("logger", JSONText.string(label))]
            fields += [("source", JSONText.string(source)), ("message", JSONText.string(message))]
            fields += sorted.map { (Self.fixedKeys.contains($0.key) ? "meta.\($0.key)" : $0.key, JSONText.value($0.value)) }
            return "{" + fields.map { "\(JSONText.string($0.0)):\($0.1)" }.joined(separator: ",") + "}\n"
        }
    }
}

/// JSON text for log values, written by hand: a line is built on every request, and metadata
/// values are strings, lists and dictionaries only.
enum JSONText {
    static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): string(text)
        case .stringConvertible(let convertible): string(convertible.description)
        case .array(let values): "[" + values.map(Self.value).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\(string($0.key)):\(Self.value($0.value))" }.joined(separator: ",") + "}"
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as it is (UTF-8).
    static func string(_ text: String) -> String {
        var escaped = "\""
        escaped.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case let control where control.value < 0x20 || control.value == 0x2028 || control.value == 0x2029:
                escaped += "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count) + String(control.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
