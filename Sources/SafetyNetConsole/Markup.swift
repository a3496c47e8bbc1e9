/// Text made safe inside HTML and SVG markup, for the pages built without a template (charts, printable tables).
public enum Markup {
    /// `text` with `&`, `<`, `>` and both quotes written as entities.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
