import Crypto
import FeedIntake
import Foundation
import PersonalData
import PostgresClient
import SafetyNetKernel

/// Places a chunk's accepted rows in `feed_row`, matched to persons by blind index: the chunk's
/// blind indexes are looked up in the registry with one set-based query, and every row is then
/// written once by COPY with its person, or, naming nobody (discoveries, a few in a hundred),
/// with the sealed ID number a registration needs, so the costly encryption is spent where it is kept.
/// Built once per feed: it orders the feed's keys as jsonb does and finds its year-total fields.
struct FeedRowPlacement: Sendable {
    let feed: FeedDefinition
    let protector: PersonalDataProtector
    /// Where in a record the year total's amount and date are, when the feed has a year-total rule.
    private let yearTotal: (amount: Int, date: Int)?
    /// The fields `fields` holds, in the order jsonb keeps keys (shorter first, then by bytes),
    /// each with its position in the record and its JSON key and colon (`"selfPaid": `). The
    /// subject's ID number is not among them: the row keeps it as its blind index and masked.
    private let jsonKeys: [(position: Int, key: [UInt8])]

    /// Places rows of `feed`, their subjects' numbers turned into blind indexes and sealed by
    /// `protector`, each with the year and amount of `yearTotal` (the catalog checked both are the feed's).
    init(feed: FeedDefinition, yearTotal: YearTotalFields?, protector: PersonalDataProtector) {
        self.feed = feed
        self.protector = protector
        self.yearTotal = yearTotal.flatMap { fields in
            guard let amount = feed.fieldNames.firstIndex(of: fields.amount), let date = feed.fieldNames.firstIndex(of: fields.date) else {
                return nil
            }
            return (amount, date)
        }
        self.jsonKeys = feed.fields.indices
            .filter { feed.fields[$0].name != feed.identityField }
            .sorted { Self.jsonbKeyOrder(feed.fields[$0].name, feed.fields[$1].name) }
            .map { position in
                var key: [UInt8] = []
                Self.appendString(feed.fields[position].name, to: &key)
                key.append(contentsOf: Array(": ".utf8))
                return (position, key)
            }
    }

    /// Whether jsonb keeps key `a` before key `b`: the shorter in bytes first, equal lengths by their bytes.
    private static func jsonbKeyOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Places the accepted rows of `outcomes` in `batch` and answers how many were matched to a person.
    func place(_ outcomes: [FeedRowOutcome], in batch: UUID, on connection: PostgresConnection) throws -> Int {
        let rows = subjects(of: outcomes)
        let persons = try registered(rows, on: connection)
        // Someone registered after this lookup is placed as a discovery here; the batch's end links them.
        try connection.copyInBinary(
            """
            COPY feed_row (batch_id, row_number, subject_index, subject_masked, subject_sealed, subject_key_id, person_id, household_id,
                           fields, fingerprint, total_year, total_fen, region_code, discovered) FROM STDIN WITH (FORMAT binary)
            """
        ) { writer in
            for (row, person) in zip(rows, persons) { try write(row, person: person, batch: batch, to: writer) }
        }
        return persons.count(where: { $0 != nil })
    }

    /// An accepted row with its subject's ID number and blind index.
    private struct Subject {
        let row: Int
        let record: FeedRecord
        let number: ResidentIDNumber
        let index: [UInt8]
    }

    /// The registered person and their household.
    private struct Match {
        let person: UUID
        let household: UUID
    }

    /// The accepted rows of `outcomes`, each with its subject's blind index.
    private func subjects(of outcomes: [FeedRowOutcome]) -> [Subject] {
        outcomes.compactMap { outcome in
            // The reader refused rows without the subject's number, which the feed requires.
            guard case .accepted(let row, let record) = outcome, let number = record.idNumber(feed.identityField) else { return nil }
            return Subject(row: row, record: record, number: number, index: protector.blindIndex(number))
        }
    }

    /// The persons the registry holds under the blind indexes of `rows`, by position in `rows`:
    /// one statement for the whole chunk, probing the unique index once per row. The indexes go as
    /// one `bytea`, each ``PersonalDataProtector/blindIndexLength`` bytes, cut apart in SQL: a
    /// `bytea[]` of five thousand was formatted and parsed as text element by element. The probe
    /// is a lateral subquery so that it stays a probe: as a join, a registry of fifty thousand
    /// was read whole into a hash for every chunk, twice the time of five thousand probes.
    private func registered(_ rows: [Subject], on connection: PostgresConnection) throws -> [Match?] {
        var persons = [Match?](repeating: nil, count: rows.count)
        guard !rows.isEmpty else { return persons }
        let width = PersonalDataProtector.blindIndexLength
        var indexes: [UInt8] = []
        indexes.reserveCapacity(rows.count * width)
        for row in rows {
            // Cut apart by position, an index of another length would shift every one after it.
            guard row.index.count == width else { throw PostgresError.unsupportedValue("a blind index of \(row.index.count) bytes, not \(width)") }
            indexes += row.index
        }
        let found = try connection.query(
            """
            SELECT s.ordinal, p.id, p.household_id
            FROM generate_series(1, \(rows.count)) AS s (ordinal)
            CROSS JOIN LATERAL (
                SELECT id, household_id FROM person
                WHERE id_number_index = substring(\(PostgresBytes(indexes)) FROM ((s.ordinal - 1) * \(width) + 1)::int FOR \(width)::int)
                LIMIT 1
            ) p
            """)
        for row in found {
            let ordinal = try row.decode("ordinal", as: Int.self)
            guard persons.indices.contains(ordinal - 1) else { throw PostgresError.unexpected("subject \(ordinal) of \(rows.count) in a chunk") }
            persons[ordinal - 1] = Match(person: try row.decode("id"), household: try row.decode("household_id"))
        }
        return persons
    }

    /// Writes `row` in the columns of `feed_row`: with `person`, or sealed and placed in its region as a discovery.
    private func write(_ row: Subject, person: Match?, batch: UUID, to writer: BinaryCopyInWriter) throws {
        let sealed = try person == nil ? protector.seal(row.number) : nil
        let region = person == nil ? feed.regionField.flatMap(row.record.region) : nil
        guard let number = Int32(exactly: row.row) else { throw PostgresError.unsupportedValue("row number \(row.row) is past feed_row's integer") }
        let fields = json(row.record)
        try writer.appendRow { copy in
            copy.uuid(batch)
            copy.int32(number)
            copy.bytes(row.index)
            copy.text(Masking.idNumber(row.number.value))
            if let sealed { copy.bytes(sealed.combined) } else { copy.null() }
            if let sealed { copy.text(sealed.keyID) } else { copy.null() }
            if let person { copy.uuid(person.person) } else { copy.null() }
            if let person { copy.uuid(person.household) } else { copy.null() }
            copy.jsonb(utf8: fields)
            copy.int64(Self.fingerprint(fields))
            if let year = totalYear(of: row.record) { copy.int32(year) } else { copy.null() }
            if let amount = totalAmount(of: row.record) { copy.int64(amount) } else { copy.null() }
            if let region { copy.text(region.value) } else { copy.null() }
            copy.boolean(person == nil)
        }
    }

    /// The calendar year the record counts in toward a year total, if the feed has one and the record a date.
    private func totalYear(of record: FeedRecord) -> Int32? {
        guard let position = yearTotal?.date, case .date(let day) = record.values[position] else { return nil }
        return Int32(exactly: day.year)
    }

    /// The amount the record counts toward a year total, if the feed has one and the record an amount.
    private func totalAmount(of record: FeedRecord) -> Int64? {
        guard let position = yearTotal?.amount, case .fen(let amount) = record.values[position] else { return nil }
        return Int64(amount)
    }

    /// Writes every problem of the refused rows of `outcomes` as `feed_row_problem` rows of `batch`.
    static func writeProblems(_ outcomes: [FeedRowOutcome], batch: UUID, to writer: CopyInWriter) throws {
        for case .refused(_, let problems) in outcomes {
            for problem in problems {
                try writer.append([batch, problem.row, problem.field, problem.code, problem.message, problem.value])
            }
        }
    }

    /// The fingerprint of a row's `fields` as ``json(_:)`` writes them: the first 8 bytes of their
    /// SHA-256, big-endian. SQL's `feed_row_fingerprint(fields)` takes the same of the stored value,
    /// which jsonb writes back as the same text.
    static func fingerprint(_ fields: [UInt8]) -> Int64 {
        SHA256.hash(data: fields).prefix(8).reduce(0) { $0 << 8 | Int64($1) }
    }

    /// The record's values but the subject's ID number as JSON text, exactly as jsonb writes the
    /// stored value back (`fields::text`): keys in jsonb's order, `", "` and `": "` between, strings
    /// escaped as jsonb does. Dates as `2026-03-01`, amounts in fen and whole numbers as numbers,
    /// choices by code, other ID numbers masked.
    func json(_ record: FeedRecord) -> [UInt8] {
        assert(record.names == feed.fieldNames, "a record of another feed")
        var text: [UInt8] = [UInt8(ascii: "{")]
        text.reserveCapacity(256)
        for (position, key) in jsonKeys {
            guard let value = record.values[position] else { continue }
            if text.count > 1 { text.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
            text.append(contentsOf: key)
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

    /// `words` as a JSON string escaped as jsonb escapes it: copied whole when nothing in it needs
    /// escaping, as in nearly every value.
    private static func appendString(_ words: String, to text: inout [UInt8]) {
        text.append(UInt8(ascii: "\""))
        defer { text.append(UInt8(ascii: "\"")) }
        guard words.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            text.append(contentsOf: words.utf8)
            return
        }
        for byte in words.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): text.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x08: text.append(contentsOf: Array("\\b".utf8))
            case 0x0C: text.append(contentsOf: Array("\\f".utf8))
            case UInt8(ascii: "\n"): text.append(contentsOf: Array("\\n".utf8))
            case UInt8(ascii: "\r"): text.append(contentsOf: Array("\\r".utf8))
            case UInt8(ascii: "\t"): text.append(contentsOf: Array("\\t".utf8))
            case ..<0x20:
                text.append(contentsOf: Array("\\u00".utf8))
                Hex.append(byte, to: &text)
            default: text.append(byte)
            }
        }
    }
}
