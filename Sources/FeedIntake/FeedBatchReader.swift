import Foundation
import PersonalData
import SafetyNetKernel

/// How a batch's rows are written.
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    /// Comma-separated values with a header row naming the fields (by name or Chinese label).
    case csv
    /// One JSON object per line, keyed by field name or Chinese label.
    case jsonLines = "jsonl"
}

/// A problem with one field of one row, safe to show and to store: personal values are masked.
public struct FeedRowProblem: Sendable, Hashable, Codable {
    /// The row: the spreadsheet row for CSV (the header is row 1), the line for JSON Lines.
    public let row: Int
    /// The field's name, or empty for a problem with the whole row.
    public let field: String
    /// A stable code, e.g. `invalid_id_number`.
    public let code: String
    /// What is wrong and how to fix it.
    public let message: String
    /// The value as sent, masked when the field holds personal data; nil when the row had none.
    public let value: String?

    /// Creates a problem; `value` must already be masked when it is personal data. Control
    /// characters in it (a NUL, say) are shown as U+FFFD: the value is quoted, stored and printed.
    public init(row: Int, field: String, code: String, message: String, value: String?) {
        self.row = row
        self.field = field
        self.code = code
        self.message = message
        self.value = value.map(Self.printable)
    }

    /// `text` with every control character replaced by U+FFFD.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "\u{FFFD}" : $0 }))
    }
}

/// What became of one row of a batch.
public enum FeedRowOutcome: Sendable, Hashable {
    /// Every field read: the row's values.
    case accepted(row: Int, record: FeedRecord)
    /// Refused, with one problem per failing field.
    case refused(row: Int, problems: [FeedRowProblem])

    /// The row's number in the batch.
    public var row: Int {
        switch self {
        case .accepted(let row, _), .refused(let row, _): row
        }
    }
}

/// Why a whole batch cannot be read (as opposed to single rows, which are refused and reported).
public enum FeedBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes are not text in the stated encoding.
    case encoding(FeedEncodingError)
    /// The CSV header lacks required fields.
    case missingColumns([String])
    /// Two CSV headers name the same field.
    case duplicateColumn(String)
    /// The CSV text is malformed from this row on (an unclosed quote, text after a closing quote).
    case malformedCSV(row: Int, reason: String)
    /// The batch holds no header row.
    case empty
    /// A row is longer than ``FeedBatchReader/rowLimit`` bytes: most likely a quote left open.
    case rowTooLong(row: Int)

    /// A stable code for the refusal, e.g. `missing_columns`.
    public var code: String {
        switch self {
        case .encoding: "invalid_encoding"
        case .missingColumns: "missing_columns"
        case .duplicateColumn: "duplicate_column"
        case .malformedCSV: "malformed_csv"
        case .empty: "empty_batch"
        case .rowTooLong: "row_too_long"
        }
    }

    public var description: String {
        switch self {
        case .encoding(let error): error.description
        case .missingColumns(let names): "the header row lacks the required columns \(names.joined(separator: ", "))"
        case .duplicateColumn(let name): "two columns of the header row name the field \(name)"
        case .malformedCSV(let row, let reason): "the CSV is malformed at row \(row): \(reason)"
        case .empty: "the batch holds no header row"
        case .rowTooLong(let row):
            "row \(row) is longer than \(FeedBatchReader.rowLimit / 1024) KiB; a quote left open or a missing line break runs rows together"
        }
    }
}

/// Reads a batch as it streams in: bytes in any chunks, rows out, each accepted with its values
/// or refused with its problems. Only the current chunk and row are held, never the batch.
public struct FeedBatchReader {
    /// The feed the rows belong to.
    public let feed: FeedDefinition
    /// The format the batch is written in.
    public let format: FeedFormat
    private let today: CalendarDate
    private var decoder: FeedTextDecoder
    private var csv = CSVRecordSplitter(limit: FeedBatchReader.rowLimit)
    /// For CSV: the position in the feed's fields of the field each column holds, nil for columns
    /// the feed does not know.
    private var columns: [Int?]?
    /// For JSON Lines: the text of a line not yet ended, and the lines read.
    private var partialLine: [UInt8] = []
    private let json = JSONDecoder()
    private var lines = 0

    /// The most bytes one row may take: far above any real row, low enough that a quote left
    /// open or a file without line breaks cannot make the reader hold the whole batch.
    public static let rowLimit = 64 * 1024

    /// Header columns that name no field of the feed, ignored (exports often carry extra columns).
    public private(set) var ignoredColumns: [String] = []

    /// A reader for one batch; ID numbers born after `today` are refused. Throws when the system
    /// cannot convert `encoding`.
    public init(feed: FeedDefinition, format: FeedFormat, encoding: FeedEncoding, today: CalendarDate) throws(FeedBatchError) {
        self.feed = feed
        self.format = format
        self.today = today
        do { self.decoder = try FeedTextDecoder(encoding: encoding) } catch { throw .encoding(error) }
    }

    /// The rows completed by `chunk`.
    public mutating func read(_ chunk: some Collection<UInt8>) throws(FeedBatchError) -> [FeedRowOutcome] {
        let text: [UInt8]
        do { text = try decoder.decode(chunk) } catch { throw .encoding(error) }
        switch format {
        case .csv:
            let records: [(row: Int, fields: [String])]
            do { records = try csv.split(text) } catch { throw Self.malformed(error) }
            return try csvRows(records)
        case .jsonLines:
            return try jsonLines(text)
        }
    }

    /// The last row, when the batch does not end with a line break; checks the batch ended cleanly.
    public mutating func finish() throws(FeedBatchError) -> [FeedRowOutcome] {
        do { try decoder.finish() } catch { throw .encoding(error) }
        switch format {
        case .csv:
            let last: (row: Int, fields: [String])?
            do { last = try csv.finish() } catch { throw Self.malformed(error) }
            let rows = try csvRows(last.map { [$0] } ?? [])
            if columns == nil { throw .empty }
            return rows
        case .jsonLines:
            defer { partialLine = [] }
            return partialLine.isEmpty ? [] : jsonLine(partialLine).map { [$0] } ?? []
        }
    }

    private static func malformed(_ failure: CSVRecordSplitter.Failure) -> FeedBatchError {
        switch failure {
        case .unclosedQuote(let row): .malformedCSV(row: row, reason: "a quoted field is never closed")
        case .rowTooLong(let row): .rowTooLong(row: row)
        case .textAfterQuote(let row):
            .malformedCSV(row: row, reason: "text follows a closing quote; a quote inside a quoted field is written twice (\"\")")
        }
    }

    // MARK: - CSV

    private mutating func csvRows(_ records: [(row: Int, fields: [String])]) throws(FeedBatchError) -> [FeedRowOutcome] {
        var outcomes: [FeedRowOutcome] = []
        for record in records { if let outcome = try csvRow(record.row, record.fields) { outcomes.append(outcome) } }
        return outcomes
    }

    private mutating func csvRow(_ row: Int, _ fields: [String]) throws(FeedBatchError) -> FeedRowOutcome? {
        // Blank lines, as exports often end (and sometimes begin), are no rows.
        if Self.isBlank(fields) { return nil }
        guard let columns else {
            self.columns = try header(fields)
            return nil
        }
        guard fields.count == columns.count else {
            let problem = FeedRowProblem(
                row: row, field: "", code: "column_count",
                message: "the row has \(fields.count) columns where the header has \(columns.count)", value: nil)
            return .refused(row: row, problems: [problem])
        }
        var texts = [String](repeating: "", count: feed.fields.count)
        for (position, text) in zip(columns, fields) { if let position { texts[position] = text } }
        return outcome(row: row, texts)
    }

    /// Whether every field is empty or spaces; a visible ASCII character (in nearly every row)
    /// answers at once, without Unicode lookups.
    private static func isBlank(_ fields: [String]) -> Bool {
        if fields.contains(where: { $0.utf8.contains { $0 > 0x20 && $0 < 0x7F } }) { return false }
        return fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    private mutating func header(_ names: [String]) throws(FeedBatchError) -> [Int?] {
        let columns = names.map { feed.fieldPosition(named: $0.trimmingCharacters(in: .whitespaces)) }
        var seen = Set<String>()
        for field in columns.compactMap(\.self).map({ feed.fields[$0] }) where !seen.insert(field.name).inserted {
            throw .duplicateColumn(field.name)
        }
        let missing = feed.fields.filter { $0.isRequired && !seen.contains($0.name) }
        if !missing.isEmpty { throw .missingColumns(missing.map { "\($0.name) (\($0.chineseLabel))" }) }
        ignoredColumns = zip(names, columns).compactMap { $1 == nil ? FeedRowProblem.printable($0) : nil }
        return columns
    }

    // MARK: - JSON Lines

    private mutating func jsonLines(_ text: [UInt8]) throws(FeedBatchError) -> [FeedRowOutcome] {
        var outcomes: [FeedRowOutcome] = []
        var start = text.startIndex
        while let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) {
            partialLine.append(contentsOf: text[start..<end])
            if let outcome = jsonLine(partialLine) { outcomes.append(outcome) }
            partialLine.removeAll(keepingCapacity: true)
            start = end + 1
        }
        partialLine.append(contentsOf: text[start...])
        if partialLine.count > Self.rowLimit { throw .rowTooLong(row: lines + 1) }
        return outcomes
    }

    private mutating func jsonLine(_ line: [UInt8]) -> FeedRowOutcome? {
        lines += 1
        let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
        guard trimmed.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return nil }
        guard let object = try? json.decode([String: JSONScalar].self, from: Data(trimmed)) else {
            let problem = FeedRowProblem(
                row: lines, field: "", code: "invalid_json",
                message: "the line is not one JSON object of strings, numbers, booleans and nulls", value: nil)
            return .refused(row: lines, problems: [problem])
        }
        var texts = [String](repeating: "", count: feed.fields.count)
        for (key, value) in object {
            // A field given by its name and by its Chinese label alike: the name wins, whatever the
            // keys' order, unless it is blank.
            guard let position = feed.fieldPosition(named: key), let text = value.text,
                texts[position].isEmpty || (key == feed.fields[position].name && !text.isEmpty)
            else { continue }
            texts[position] = text
        }
        return outcome(row: lines, texts)
    }

    // MARK: - Rows

    /// What becomes of the row whose texts are `texts`, one per field in the feed's order.
    private func outcome(row: Int, _ texts: [String]) -> FeedRowOutcome {
        switch feed.record(fromFieldTexts: texts, today: today) {
        case .success(let record): return .accepted(row: row, record: record)
        case .failure(let refusal):
            return .refused(
                row: row,
                problems: refusal.problems.map { problem in
                    FeedRowProblem(
                        row: row, field: problem.field, code: problem.code, message: problem.message,
                        value: shownValue(of: problem.field, in: texts))
                })
        }
    }

    /// The text the row gives `fieldName` as a problem may show it: masked when the field holds
    /// personal data, cut to ``shownValueLength`` characters; nil when the row left it blank or
    /// the problem names no field.
    private func shownValue(of fieldName: String, in texts: [String]) -> String? {
        guard let position = feed.fields.firstIndex(where: { $0.name == fieldName }), !texts[position].isEmpty else { return nil }
        let field = feed.fields[position]
        let shown = field.isPersonal ? Self.mask(texts[position], of: field) : texts[position]
        return shown.unicodeScalars.count > Self.shownValueLength ? String(shown.unicodeScalars.prefix(Self.shownValueLength)) + "…" : shown
    }

    /// The most of a refused value a problem quotes back: enough to find the mistake, while a
    /// 60 KB field of junk is not stored once more with its problem.
    public static let shownValueLength = 100

    /// An ID number keeps its division code and last four characters, as everywhere; other
    /// personal text (a name) its first character.
    private static func mask(_ value: String, of field: FeedField) -> String {
        field.kind == .idNumber ? Masking.idNumber(value) : Masking.name(value)
    }
}

/// A JSON Lines value: what the line gives as text for the field reader.
private enum JSONScalar: Decodable {
    case text(String)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let integer = try? container.decode(Int.self) {
            self = .text(String(integer))
        } else if let number = try? container.decode(Double.self) {
            self = .text("\(number)")
        } else {
            self = .text(try container.decode(Bool.self) ? "true" : "false")
        }
    }

    var text: String? {
        if case .text(let text) = self { text } else { nil }
    }
}
