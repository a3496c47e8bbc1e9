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
    mutating func split(_ text: [UInt8]) throws(Failure) -> [(row: Int, fields: [String])] {
        var done: [(row: Int, fields: [String])] = []
        try text.withUnsafeBufferPointer { bytes in Result { () throws(Failure) in try split(bytes, into: &done) } }.get()
        return done
    }

    /// Splits `bytes`, taking each run of bytes that only add to the field at once.
    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, into done: inout [(row: Int, fields: [String])]) throws(Failure) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let run = bytes[index...].prefix { byte in
                inQuotes ? byte != UInt8(ascii: "\"") : !quoteJustClosed && !Self.structuresRecords(byte)
            }
            if !run.isEmpty {
                recordBytes += run.count
                if recordBytes > limit { throw .rowTooLong(row: records + 1) }
                field.append(contentsOf: run)
                fieldIsEmpty = fieldIsEmpty && inQuotes
                lastWasCarriageReturn = false
                index = run.endIndex
                continue
            }
            if let record = try take(bytes[index]) { done.append(record) }
            index += 1
        }
    }

    /// Whether `byte` outside quotes does more than add to the field.
    private static func structuresRecords(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
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
