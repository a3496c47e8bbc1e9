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
            row_number integer, subject_index bytea, subject_masked text, subject_sealed bytea, subject_key_id text, fields jsonb
        ) ON COMMIT DROP
        """

    /// Writes the accepted rows of `outcomes` in the columns of ``stageTable``.
    func writeAccepted(_ outcomes: [FeedRowOutcome], to writer: CopyInWriter) throws {
        for case .accepted(let row, let record) in outcomes {
            guard let number = record.idNumber(feed.identityField) else { continue }  // required: the reader refused rows without it
            let protected = try protector.protect(number)
            try writer.append([
                row, PostgresBytes(protected.index), protected.masked, PostgresBytes(protected.sealed.combined), protected.sealed.keyID,
                PostgresJSON(text: json(record)),
            ])
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

    /// The record's values but the subject's ID number, by field name in declared order: dates as
    /// `2026-03-01`, amounts in fen and whole numbers as numbers, choices by code, other ID numbers masked.
    func json(_ record: FeedRecord) -> String {
        var text = "{"
        var first = true
        for field in feed.fields where field.name != feed.identityField {
            guard let value = record.values[field.name] else { continue }
            if !first { text += "," }
            first = false
            Self.appendString(field.name, to: &text)
            text += ":"
            switch value {
            case .idNumber(let number): Self.appendString(Masking.idNumber(number.value), to: &text)
            case .date(let date): Self.appendString(date.description, to: &text)
            case .fen(let amount), .integer(let amount): text += String(amount)
            case .text(let words), .choice(let words): Self.appendString(words, to: &text)
            }
        }
        return text + "}"
    }

    /// `words` as a JSON string.
    private static func appendString(_ words: String, to text: inout String) {
        text += "\""
        for scalar in words.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
