import FeedIntake
import Foundation
import PersonalData
import PostgresClient
import SafetyNetKernel

/// Places a chunk's accepted rows in `feed_row`, matched to persons by blind index: the rows are
/// staged by COPY with their subject's blind index and masked form, those naming a registered
/// person are placed with one set-based join, and only the others (discoveries, a few in a
/// hundred) get the sealed ID number a registration needs, so the costly encryption is spent
/// where it is kept.
struct FeedRowStaging: Sendable {
    let feed: FeedDefinition
    let protector: PersonalDataProtector

    /// Places the accepted rows of `outcomes` in `batch` and answers how many were matched to a person.
    func place(_ outcomes: [FeedRowOutcome], in batch: UUID, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            """
            CREATE TEMP TABLE feed_stage (row_number integer, subject_index bytea, subject_masked text, fields jsonb, region_code text)
            ON COMMIT DROP
            """)
        let staged = try connection.copyIn("COPY feed_stage FROM STDIN") { try writeAccepted(outcomes, to: $0) }
        let unmatched = Set(
            try connection.query(
                """
                WITH placed AS (
                    INSERT INTO feed_row (batch_id, row_number, subject_index, subject_masked, person_id, household_id, fields)
                    SELECT \(batch), s.row_number, s.subject_index, s.subject_masked, p.id, p.household_id, s.fields
                    FROM feed_stage s JOIN person p ON p.id_number_index = s.subject_index
                    RETURNING row_number
                )
                SELECT row_number FROM feed_stage WHERE row_number NOT IN (SELECT row_number FROM placed)
                """
            ).map { try $0.decode("row_number", as: Int.self) })
        guard !unmatched.isEmpty else { return staged }
        // Someone registered since the join is placed as a discovery here; the batch's end links them.
        try connection.query("CREATE TEMP TABLE feed_seal (row_number integer, subject_sealed bytea, subject_key_id text) ON COMMIT DROP")
        try connection.copyIn("COPY feed_seal FROM STDIN") { try writeSealed(outcomes, rows: unmatched, to: $0) }
        try connection.query(
            """
            INSERT INTO feed_row (batch_id, row_number, subject_index, subject_masked, subject_sealed, subject_key_id, fields, region_code,
                                  discovered)
            SELECT \(batch), s.row_number, s.subject_index, s.subject_masked, x.subject_sealed, x.subject_key_id, s.fields, s.region_code, true
            FROM feed_stage s JOIN feed_seal x USING (row_number)
            """)
        return staged - unmatched.count
    }

    /// Writes the accepted rows of `outcomes` in the columns of `feed_stage`.
    private func writeAccepted(_ outcomes: [FeedRowOutcome], to writer: CopyInWriter) throws {
        let regionField = feed.regionField
        for case .accepted(let row, let record) in outcomes {
            guard let number = record.idNumber(feed.identityField) else { continue }  // required: the reader refused rows without it
            try writer.appendRow { copy in
                copy.integer(row)
                copy.bytes(protector.blindIndex(number))
                copy.text(Masking.idNumber(number.value))
                copy.text(utf8: json(record))
                if let region = regionField.flatMap(record.region) { copy.text(region.value) } else { copy.null() }
            }
        }
    }

    /// Writes the sealed ID number of each accepted row of `outcomes` among `rows`, in the columns of `feed_seal`.
    private func writeSealed(_ outcomes: [FeedRowOutcome], rows: Set<Int>, to writer: CopyInWriter) throws {
        for case .accepted(let row, let record) in outcomes where rows.contains(row) {
            guard let number = record.idNumber(feed.identityField) else { continue }
            let sealed = try protector.seal(number)
            try writer.appendRow { copy in
                copy.integer(row)
                copy.bytes(sealed.combined)
                copy.text(sealed.keyID)
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
