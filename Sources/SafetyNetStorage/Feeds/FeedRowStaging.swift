import FeedIntake
import Foundation
import PersonalData
import PostgresClient
import SafetyNetKernel

/// Turns a batch's rows into the text COPY sends: the ID number that names the row's subject as
/// its blind index, masked form and sealed value; the other values as one JSON object.
struct FeedRowStaging: Sendable {
    let feed: FeedDefinition
    let protector: PersonalDataProtector

    /// The staging table of one chunk, gone when its transaction ends.
    static let stageTable: SQL = """
        CREATE TEMP TABLE feed_stage (
            row_number integer, subject_index bytea, subject_masked text, subject_sealed bytea, subject_key_id text, fields jsonb,
            region_code text
        ) ON COMMIT DROP
        """

    /// Writes the accepted rows of `outcomes` in the columns of ``stageTable``.
    func writeAccepted(_ outcomes: [FeedRowOutcome], to writer: CopyInWriter) throws {
        let regionField = feed.regionField
        for case .accepted(let row, let record) in outcomes {
            guard let number = record.idNumber(feed.identityField) else { continue }  // required: the reader refused rows without it
            let protected = try protector.protect(number)
            try writer.appendRow { copy in
                copy.integer(row)
                copy.bytes(protected.index)
                copy.text(protected.masked)
                copy.bytes(protected.sealed.combined)
                copy.text(protected.sealed.keyID)
                copy.text(utf8: json(record))
                if let region = regionField.flatMap(record.region) { copy.text(region.value) } else { copy.null() }
            }
        }
    }

    /// Writes every problem of the refused rows of `outcomes` as `feed_row_problem` rows of `batch`.
    static func writeProblems(_ outcomes: [FeedRowOutcome], batch: UUID, to writer: CopyInWriter) throws {
        for case .refused(_, let problems) in outcomes {
            for problem in problems {
                try writer.append([batch, problem.row, problem.field, problem.code, problem.message, problem.value])
            }
        }
    }

    /// The record's values but the subject's ID number as JSON text, by field name in declared
    /// order: dates as `2026-03-01`, amounts in fen and whole numbers as numbers, choices by code,
    /// other ID numbers masked.
    func json(_ record: FeedRecord) -> [UInt8] {
        var text: [UInt8] = [UInt8(ascii: "{")]
        text.reserveCapacity(256)
        for field in feed.fields where field.name != feed.identityField {
            guard let value = record.values[field.name] else { continue }
            if text.count > 1 { text.append(UInt8(ascii: ",")) }
            Self.appendString(field.name, to: &text)
            text.append(UInt8(ascii: ":"))
            switch value {
            case .idNumber(let number): Self.appendString(Masking.idNumber(number.value), to: &text)
            case .date(let date): Self.appendString(date.description, to: &text)
            case .fen(let amount), .integer(let amount): text.append(contentsOf: String(amount).utf8)
            case .text(let words), .choice(let words): Self.appendString(words, to: &text)
            case .region(let code): Self.appendString(code.value, to: &text)
            }
        }
        text.append(UInt8(ascii: "}"))
        return text
    }

    /// `words` as a JSON string.
    private static func appendString(_ words: String, to text: inout [UInt8]) {
        text.append(UInt8(ascii: "\""))
        for byte in words.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): text.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case ..<0x20: text.append(contentsOf: Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
            default: text.append(byte)
            }
        }
        text.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
