/// A list as a CSV file a person takes away: UTF-8 with a byte order mark, so that Excel in
/// Chinese opens it without garbling, fields quoted where they must be, lines ended CR LF.
public enum CSVExport {
    /// The file of `rows` under `header`.
    public static func document(header: [String], rows: [[String]]) -> [UInt8] {
        var text = ""
        for line in [header] + rows { text += line.map(field).joined(separator: ",") + "\r\n" }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    /// One field, quoted when it holds a comma, a quote or a line break (its quotes doubled); a
    /// field a spreadsheet would read as a formula gets a leading apostrophe.
    static func field(_ value: String) -> String {
        let safe = value.first.map { "=+-@".contains($0) } == true ? "'" + value : value
        // By scalar: as characters, "\r\n" is one and a lone "\n" would not match it.
        guard safe.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
