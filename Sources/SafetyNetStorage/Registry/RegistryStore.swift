import Foundation
import PersonalData
import PostgresClient
import SafetyNetKernel

/// Reads and writes the registry: regions, households with their members, the ledger, visits.
/// Every write appends to the audit log in the same transaction.
public struct RegistryStore: Sendable {
    let pool: ConnectionPool
    let protector: PersonalDataProtector

    /// Creates the store; `protector` seals and indexes ID and phone numbers.
    public init(pool: ConnectionPool, protector: PersonalDataProtector) {
        self.pool = pool
        self.protector = protector
    }

    // MARK: - Regions

    /// The region tree below `root` (the whole tree when nil).
    public func regionTree(under root: RegionCode) async throws -> RegionNode? {
        let rows = try await pool.query(
            "SELECT code, name FROM region WHERE code LIKE \(root.scopePrefix) || '%' ORDER BY length(code), code")
        var nodes: [RegionCode: RegionNode] = [:]
        var order: [RegionCode] = []
        for row in rows {
            let code = try row.decode("code", as: RegionCode.self)
            guard root.contains(code) else { continue }
            nodes[code] = RegionNode(code: code, name: try row.decode("name"), level: code.level, children: [])
            order.append(code)
        }
        for code in order.reversed() where code != root {
            guard let parent = code.parent, let node = nodes[code] else { continue }
            nodes[parent]?.children.insert(node, at: 0)
        }
        return nodes[root]
    }

    /// The name of the region with this code, when it is loaded.
    public func regionName(_ code: RegionCode) async throws -> String? {
        try await pool.query("SELECT name FROM region WHERE code = \(code)").first?.decode("name", as: String.self)
    }

    /// Whether a region with this code is loaded.
    public func regionExists(_ code: RegionCode) async throws -> Bool {
        try await !pool.query("SELECT 1 FROM region WHERE code = \(code)").isEmpty
    }

    // MARK: - Households

    /// Households matching `query` inside `scope`, a page at a time, ordered by grid then id.
    public func households(_ query: HouseholdQuery, scope: RegionCode) async throws -> Page<HouseholdView> {
        let prefix = (query.region ?? scope).scopePrefix
        let limit = min(max(query.limit, 1), 200)
        var conditions: [SQL] = ["h.grid_code LIKE \(prefix) || '%'", "h.status = 'active'"]
        if let cursor = query.cursor { conditions.append("h.id > \(cursor)") }
        if let address = query.address { conditions.append("h.address LIKE '%' || \(Self.escapeLike(address)) || '%'") }
        if let name = query.name {
            conditions.append("EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.name LIKE \(Self.escapeLike(name)) || '%')")
        }
        if let idNumber = query.idNumber {
            let index = PostgresBytes(protector.blindIndex(idNumber.value, as: .idNumber))
            conditions.append("EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.id_number_index = \(index))")
        }
        if let category = query.category { conditions.append("m.categories @> ARRAY[\(category)::text]") }
        if let risk = query.riskLevel { conditions.append("m.risk_level = \(risk)") }
        let rows = try await pool.query(
            """
            SELECT h.id FROM household h
            LEFT JOIN monitoring m ON m.household_id = h.id AND m.ended_at IS NULL
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY h.id LIMIT \(limit + 1)
            """)
        let ids = try rows.prefix(limit).map { try $0.decode("id", as: UUID.self) }
        let views = try await householdViews(ids)
        return Page(items: views, nextCursor: rows.count > limit ? ids.last?.uuidString.lowercased() : nil)
    }

    /// The grid a household lives in, or nil when there is no such household.
    public func grid(ofHousehold id: UUID) async throws -> RegionCode? {
        let rows = try await pool.query("SELECT grid_code FROM household WHERE id = \(id)")
        return try rows.first.map { try RegionCode(try $0.decode("grid_code", as: String.self)) }
    }

    /// One household with members and ledger entry.
    public func household(_ id: UUID) async throws -> HouseholdView? {
        try await householdViews([id]).first
    }

    /// Creates a household with its members (exactly one head) and audits it.
    public func createHousehold(
        _ draft: HouseholdDraft, members: [PersonDraft], by actor: Principal, source: String?
    ) async throws -> HouseholdView {
        guard members.count(where: { $0.relation == .head }) == 1 else {
            throw FieldError(field: "members", code: "one_head", message: "a household has exactly one head (relation \"head\")")
        }
        let id = UUID()
        let sealed = try members.map { member in
            (member, try protector.protect(member.idNumber), try member.phone.map { try protector.protect(phone: $0.digits) })
        }
        let record = try PostgresJSON(encoding: HouseholdRecord(draft: draft, members: sealed.map { ($0.0, $0.1.masked) }))
        do {
            try await writingPersons(sealed.map(\.1.index)) {
                try await pool.transaction { connection in
                    try connection.query("INSERT INTO household (id, grid_code, address) VALUES (\(id), \(draft.grid), \(draft.address))")
                    for (member, idNumber, phone) in sealed {
                        try Self.insert(member, id: UUID(), idNumber: idNumber, phone: phone, household: id, on: connection)
                    }
                    try AuditLog.append(
                        AuditEntry(
                            actor: actor, source: source, action: "household.create", entity: "household",
                            entityID: id.uuidString, after: record), on: connection)
                }
            }
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw RegistryError.unknownGrid(draft.grid)
        }
        return try await household(id).required(or: RegistryError.notFound)
    }

    /// What the audit log keeps of a new household: personal data masked, as in responses.
    private struct HouseholdRecord: Encodable {
        struct Member: Encodable {
            let name: String
            let relation: HouseholdRelation
            let idNumber: String
        }
        let gridCode: RegionCode
        let address: String
        let members: [Member]

        init(draft: HouseholdDraft, members: [(PersonDraft, String)]) {
            gridCode = draft.grid
            address = draft.address
            self.members = members.map { Member(name: $0.0.name, relation: $0.0.relation, idNumber: $0.1) }
        }
    }

    // MARK: - Personal data in full

    /// The grid a person's household lives in, or nil when there is no such person.
    public func grid(ofPerson id: UUID) async throws -> RegionCode? {
        let rows = try await pool.query(
            "SELECT h.grid_code FROM person p JOIN household h ON h.id = p.household_id WHERE p.id = \(id)")
        return try rows.first.map { try RegionCode(try $0.decode("grid_code", as: String.self)) }
    }

    /// A person's ID and phone numbers in clear. The read is audited first, in the same
    /// transaction, so no number is ever shown without its audit entry.
    public func revealIdentity(ofPerson id: UUID, by actor: Principal, source: String?) async throws -> PersonIdentity? {
        let rows = try await pool.transaction { connection in
            let rows = try connection.query(
                """
                SELECT id_number_sealed, id_number_key_id, phone_sealed, phone_key_id FROM person WHERE id = \(id)
                """)
            if !rows.isEmpty {
                try AuditLog.append(
                    AuditEntry(
                        actor: actor, source: source, action: "person.reveal_identity", entity: "person",
                        entityID: id.uuidString), on: connection)
            }
            return rows
        }
        guard let row = rows.first else { return nil }
        let idNumber = try protector.open(
            SealedValue(keyID: try row.decode("id_number_key_id"), combined: try row.decode("id_number_sealed", as: PostgresBytes.self).bytes),
            as: .idNumber)
        let phone = try row.decode("phone_sealed", as: PostgresBytes?.self).map { sealed in
            try protector.open(SealedValue(keyID: try row.decode("phone_key_id"), combined: sealed.bytes), as: .phone)
        }
        return PersonIdentity(personID: id, idNumber: idNumber, phone: phone)
    }

    // MARK: - Loading views

    /// The households with their active members, head first, in the order of `ids`; one
    /// statement, so a read costs one round trip (a household without active members comes back
    /// as one row with the person columns NULL).
    func householdViews(_ ids: [UUID]) async throws -> [HouseholdView] {
        guard !ids.isEmpty else { return [] }
        // One id is bound as a scalar: PostgreSQL keeps one plan for `= $1`, while it plans
        // `= ANY($1)` again on every call (half the database time of a household read).
        let match: SQL = ids.count == 1 ? "= \(ids[0])" : "= ANY(\(ids))"
        let rows = try await pool.query(
            """
            SELECT h.id, h.grid_code, h.address, h.status, m.id AS monitoring_id, m.categories, m.risk_level, m.reason,
                   m.started_at, p.id AS person_id, p.name, p.relation, p.sex, p.birth_date, p.id_number_masked,
                   p.phone_masked, p.disability_grade, p.disability_category, p.monthly_income_fen, p.status AS person_status
            FROM household h
            LEFT JOIN monitoring m ON m.household_id = h.id AND m.ended_at IS NULL
            LEFT JOIN person p ON p.household_id = h.id AND p.status = 'active'
            WHERE h.id \(match)
            ORDER BY h.id, p.relation <> 'head', p.birth_date, p.id
            """)
        var firstRow: [UUID: PostgresRow] = [:]
        var members: [UUID: [PersonView]] = [:]
        for row in rows {
            let id: UUID = try row.decode("id")
            if firstRow[id] == nil { firstRow[id] = row }
            if try !row.isNull("person_id") { members[id, default: []].append(try Self.personView(row)) }
        }
        return try ids.compactMap { id in
            try firstRow[id].map { try Self.householdView($0, id: id, members: members[id] ?? []) }
        }
    }

    /// A household, from its first row of ``householdViews(_:)``.
    private static func householdView(_ row: PostgresRow, id: UUID, members: [PersonView]) throws -> HouseholdView {
        let monitoring = try row.isNull("monitoring_id") ? nil : try MonitoringView(row: row, idColumn: "monitoring_id")
        return HouseholdView(
            id: id, gridCode: try row.decode("grid_code", as: RegionCode.self), address: try row.decode("address"),
            status: try row.decode("status", as: HouseholdStatus.self), monitoring: monitoring, members: members)
    }

    /// A member, from the person columns of a row of ``householdViews(_:)``.
    private static func personView(_ row: PostgresRow) throws -> PersonView {
        let disability = try Disability.decode(row)
        return PersonView(
            id: try row.decode("person_id"), name: try row.decode("name"), relation: try row.decode("relation", as: HouseholdRelation.self),
            sex: try row.decode("sex", as: ResidentIDNumber.Sex.self), birthDate: try row.decode("birth_date"),
            idNumber: try row.decode("id_number_masked"), phone: try row.decode("phone_masked", as: String?.self),
            disability: disability, monthlyIncomeFen: try row.decode("monthly_income_fen", as: Int?.self),
            status: try row.decode("person_status", as: PersonStatus.self))
    }

    /// Inserts a person, and links the discoveries of department batches that named them.
    static func insert(
        _ person: PersonDraft, id: UUID, idNumber: ProtectedValue, phone: ProtectedValue?, household: UUID, on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO person (id, household_id, name, relation, sex, birth_date, id_number_sealed, id_number_key_id,
                                id_number_index, id_number_masked, phone_sealed, phone_key_id, phone_index, phone_masked,
                                disability_grade, disability_category, monthly_income_fen)
            VALUES (\(id), \(household), \(person.name), \(person.relation), \(person.idNumber.sex),
                    \(person.idNumber.birthDate), \(PostgresBytes(idNumber.sealed.combined)), \(idNumber.sealed.keyID),
                    \(PostgresBytes(idNumber.index)), \(idNumber.masked), \(phone.map { PostgresBytes($0.sealed.combined) }),
                    \(phone?.sealed.keyID), \(phone.map { PostgresBytes($0.index) }), \(phone?.masked), \(person.disability?.grade),
                    \(person.disability?.category), \(person.monthlyIncomeFen))
            """)
        // Rows of department batches that named this person before anyone registered them
        // (discoveries) now belong to them; the registry holds the sealed number from here on. A
        // batch still arriving counts them matched, as its end would have had the person been
        // registered then; a batch done keeps the counts it ended with. Those batches are locked
        // first, as every other writer of a batch and its rows does, so the two cannot deadlock.
        try connection.query(
            """
            SELECT id FROM feed_batch
            WHERE status = 'receiving'
              AND id IN (SELECT batch_id FROM feed_row WHERE person_id IS NULL AND subject_index = \(PostgresBytes(idNumber.index)))
            ORDER BY id FOR NO KEY UPDATE
            """)
        try connection.query(
            """
            WITH linked AS (
                UPDATE feed_row SET person_id = \(id), household_id = \(household), subject_sealed = NULL, subject_key_id = NULL
                WHERE person_id IS NULL AND subject_index = \(PostgresBytes(idNumber.index))
                RETURNING batch_id
            )
            UPDATE feed_batch b SET rows_matched = b.rows_matched + l.n
            FROM (SELECT batch_id, count(*) AS n FROM linked GROUP BY batch_id) l
            WHERE b.id = l.batch_id AND b.status = 'receiving'
            """)
    }

    /// Escapes `%`, `_` and `\` so user text matches literally inside LIKE.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

/// Registry errors a caller can act on.
public enum RegistryError: Error, Equatable {
    /// A person with this ID number is already in the registry: the person's id, and how they
    /// left when they are closed (nil while they belong to an active household).
    case personAlreadyRegistered(UUID, closed: ClosureReason?)
    /// The person still belongs to an active household: close them there first.
    case stillRegistered(UUID)
    /// No household or person with this id.
    case notFound
    /// The household or person is closed and cannot change.
    case closed
    /// The grid code names no loaded grid.
    case unknownGrid(RegionCode)
}

extension Disability {
    /// The certificate held in a person row's `disability_category` and `disability_grade`, or nil.
    static func decode(_ row: PostgresRow) throws -> Disability? {
        let category = try row.decode("disability_category", as: String?.self).flatMap(DisabilityCategory.init(rawValue:))
        let grade = try row.decode("disability_grade", as: Int?.self)
        return category.flatMap { category in grade.flatMap { try? Disability(category: category, grade: $0) } }
    }
}
