/// Splits CSV text (RFC 4180: commas, double quotes, `""` for a quote inside quotes, line breaks
/// inside quotes, LF or CRLF between records) into records as the text arrives in chunks.
///
/// Works on UTF-8 bytes: the characters that structure CSV are ASCII and never occur inside a
/// multi-byte character, so a chunk can be split anywhere.
struct CSVRecordSplitter {
    /// Why the text is not CSV.
    enum Failure: Error, Equatable {
        /// A quote opened in the record that starts on this spreadsheet row is never closed.
        case unclosedQuote(row: Int)
        /// A quoted field is followed by something other than a comma or a line break.
        case textAfterQuote(row: Int)
        /// The record has grown past the splitter's limit.
        case rowTooLong(row: Int)
    }

    /// The most bytes one record may hold.
    let limit: Int
    private var recordBytes = 0

    /// A splitter refusing records longer than `limit` bytes.
    init(limit: Int) { self.limit = limit }

    private var fields: [String] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    private var quoteJustClosed = false
    private var fieldIsEmpty = true
    private var lastWasCarriageReturn = false
    /// Records finished so far: the next record is spreadsheet row `records + 1`.
    private(set) var records = 0

    /// The records completed by `text`, each with its spreadsheet row (the first record is row 1).
    mutating func split(_ text: some Sequence<UInt8>) throws(Failure) -> [(row: Int, fields: [String])] {
        var done: [(row: Int, fields: [String])] = []
        for byte in text {
            if let record = try take(byte) { done.append(record) }
        }
        return done
    }

    /// The last record when the text does not end with a line break.
    mutating func finish() throws(Failure) -> (row: Int, fields: [String])? {
        if inQuotes { throw .unclosedQuote(row: records + 1) }
        guard !fieldIsEmpty || !fields.isEmpty else { return nil }
        return endRecord()
    }

    private mutating func take(_ byte: UInt8) throws(Failure) -> (row: Int, fields: [String])? {
        recordBytes += 1
        if recordBytes > limit { throw .rowTooLong(row: records + 1) }
        defer { lastWasCarriageReturn = byte == UInt8(ascii: "\r") && !inQuotes }
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                inQuotes = false
                quoteJustClosed = true
            } else {
                field.append(byte)
            }
            return nil
        }
        switch byte {
        case UInt8(ascii: "\""):
            if quoteJustClosed {  // "" inside quotes: a literal quote
                field.append(byte)
                inQuotes = true
                quoteJustClosed = false
            } else if fieldIsEmpty {
                inQuotes = true
                fieldIsEmpty = false
            } else {
                field.append(byte)  // a stray quote inside an unquoted field is kept as text
            }
        case UInt8(ascii: ","):
            endField()
        case UInt8(ascii: "\n"):
            if lastWasCarriageReturn && fieldIsEmpty && fields.isEmpty { return nil }
            return endRecord()
        case UInt8(ascii: "\r"):
            return endRecord()
        default:
            if quoteJustClosed { throw .textAfterQuote(row: records + 1) }
            field.append(byte)
            fieldIsEmpty = false
        }
        return nil
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        fieldIsEmpty = true
        quoteJustClosed = false
    }

    private mutating func endRecord() -> (row: Int, fields: [String]) {
        endField()
        defer { fields = [] }
        recordBytes = 0
        records += 1
        return (records, fields)
    }
}
