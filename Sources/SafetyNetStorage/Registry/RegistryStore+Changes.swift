import Foundation
import PersonalData
import PostgresClient
import SafetyNetKernel

/// Changes to registered households and persons. Each runs in one transaction that locks the
/// row, writes the change and appends the before and after to the audit log.
extension RegistryStore {
    /// A household row as the audit log keeps it.
    struct HouseholdRow: Codable, Equatable {
        var gridCode: String
        var address: String
        var status: String
        var closedReason: String?
        var closedOn: String?
    }

    /// A person row as the audit log keeps it; numbers masked.
    struct PersonRow: Codable, Equatable {
        var householdID: UUID
        var name: String
        var relation: String
        var phone: String?
        var disabilityGrade: Int?
        var disabilityCategory: String?
        var monthlyIncomeFen: Int?
        var status: String
    }

    /// Moves a household to another grid and address (or just a new address in the same grid).
    public func move(household id: UUID, to draft: HouseholdDraft, by actor: Principal, source: String?) async throws -> HouseholdView {
        do {
            return try await changeHousehold(id, by: actor, source: source) { row in
                row.gridCode = draft.grid.value
                row.address = draft.address
            }
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw RegistryError.unknownGrid(draft.grid)
        }
    }

    /// Closes a household (death of its last member, moving away); it leaves lists but is kept.
    public func close(household id: UUID, reason: ClosureReason, on day: CalendarDate, by actor: Principal, source: String?) async throws
        -> HouseholdView
    {
        try await changeHousehold(id, by: actor, source: source) { row in
            row.status = "closed"
            row.closedReason = reason.rawValue
            row.closedOn = day.description
        }
    }

    /// Adds a member to an active household.
    public func addMember(_ draft: PersonDraft, to household: UUID, by actor: Principal, source: String?) async throws -> HouseholdView {
        let idNumber = try protector.protect(draft.idNumber)
        let phone = try draft.phone.map { try protector.protect(phone: $0.digits) }
        try await writingPersons([idNumber.index]) {
            try await pool.transaction { connection in
                let row = try Self.lockHousehold(household, on: connection)
                guard row.status == "active" else { throw RegistryError.closed }
                let personID = UUID()
                try Self.insert(draft, id: personID, idNumber: idNumber, phone: phone, household: household, on: connection)
                try Self.audit(
                    "person.create", entity: "person", id: personID, before: PersonRow?.none,
                    after: try Self.lockPerson(personID, on: connection), actor: actor, source: source, on: connection)
            }
        }
        return try await self.household(household).required(or: RegistryError.notFound)
    }

    /// Replaces what can change about a person: name, relation, phone, disability, income. The ID
    /// number identifies the person and must be the one on record.
    public func updatePerson(_ id: UUID, with draft: PersonDraft, by actor: Principal, source: String?) async throws -> HouseholdView {
        let index = PostgresBytes(protector.blindIndex(draft.idNumber.value, as: .idNumber))
        let phone = try draft.phone.map { try protector.protect(phone: $0.digits) }
        let household = try await writingPersons([index.bytes]) {
            try await pool.transaction { connection in
                let before = try Self.lockPerson(id, on: connection)
                guard before.status == "active" else { throw RegistryError.closed }
                let updated = try connection.query(
                    """
                    UPDATE person
                    SET name = \(draft.name), relation = \(draft.relation),
                        phone_sealed = \(phone.map { PostgresBytes($0.sealed.combined) }), phone_key_id = \(phone?.sealed.keyID),
                        phone_index = \(phone.map { PostgresBytes($0.index) }), phone_masked = \(phone?.masked),
                        disability_grade = \(draft.disability?.grade), disability_category = \(draft.disability?.category),
                        monthly_income_fen = \(draft.monthlyIncomeFen), updated_at = now()
                    WHERE id = \(id) AND id_number_index = \(index)
                    """)
                guard updated.affectedRows == 1 else {
                    throw FieldError(
                        field: "idNumber", code: "id_number_mismatch",
                        message: "the ID number is not this person's; ID numbers cannot be changed here")
                }
                try Self.audit(
                    "person.update", entity: "person", id: id, before: before, after: try Self.lockPerson(id, on: connection),
                    actor: actor, source: source, on: connection)
                return before.householdID
            }
        }
        return try await self.household(household).required(or: RegistryError.notFound)
    }

    /// Records that a person died or moved away; they leave the household's members but are kept.
    public func closePerson(_ id: UUID, reason: ClosureReason, by actor: Principal, source: String?) async throws -> HouseholdView {
        let household = try await pool.transaction { connection in
            let before = try Self.lockPerson(id, on: connection)
            guard before.status == "active" else { throw RegistryError.closed }
            try connection.query("UPDATE person SET status = \(reason), updated_at = now() WHERE id = \(id)")
            try Self.audit(
                "person.close", entity: "person", id: id, before: before, after: try Self.lockPerson(id, on: connection),
                actor: actor, source: source, on: connection)
            return before.householdID
        }
        return try await self.household(household).required(or: RegistryError.notFound)
    }

    // MARK: - Shared steps

    /// Applies `change` to the locked row; the audit action follows from what changed.
    private func changeHousehold(
        _ id: UUID, by actor: Principal, source: String?, _ change: @escaping @Sendable (inout HouseholdRow) -> Void
    ) async throws -> HouseholdView {
        try await pool.transaction { connection in
            let before = try Self.lockHousehold(id, on: connection)
            guard before.status == "active" else { throw RegistryError.closed }
            var after = before
            change(&after)
            let action =
                after.status == "closed"
                ? "household.close"
                : after.gridCode != before.gridCode ? "household.move" : "household.change_address"
            try connection.query(
                """
                UPDATE household SET grid_code = \(after.gridCode), address = \(after.address), status = \(after.status),
                                     closed_reason = \(after.closedReason), closed_on = \(after.closedOn)::date,
                    updated_at = now() WHERE id = \(id)
                """)
            try Self.audit(action, entity: "household", id: id, before: before, after: after, actor: actor, source: source, on: connection)
            // Open alerts go with the household to its new grid, and close with it.
            if after.status == "closed" {
                try AlertStore.cancelOpen(where: "household_id = \(id)", reason: "家庭已注销", on: connection)
            } else if after.gridCode != before.gridCode {
                try AlertStore.follow(household: id, to: after.gridCode, on: connection)
            }
        }
        return try await household(id).required(or: RegistryError.notFound)
    }

    /// Brings back a person who moved away (closed as moved_away, or left in a household closed
    /// as moved away) into the active `household` with `relation`: the same record, so their
    /// history, cases and assistance chain stay theirs. The caller shows the person's ID number,
    /// as the resident's card would.
    public func returnPerson(
        _ id: UUID, idNumber: ResidentIDNumber, to household: UUID, relation: HouseholdRelation, by actor: Principal, source: String?
    ) async throws -> HouseholdView {
        let index = PostgresBytes(protector.blindIndex(idNumber.value, as: .idNumber))
        try await writingPersons([]) {
            try await pool.transaction { connection in
                let rows = try connection.query("SELECT household_id FROM person WHERE id = \(id) AND id_number_index = \(index)")
                guard let row = rows.first else {
                    throw FieldError(field: "idNumber", code: "id_number_mismatch", message: "this is not the ID number of the person returning")
                }
                // Both households locked in id order, so that two returns in opposite directions cannot deadlock.
                let leftID: UUID = try row.decode("household_id")
                for locked in [leftID, household].sorted(by: { $0.uuidString < $1.uuidString }) { _ = try Self.lockHousehold(locked, on: connection) }
                let before = try Self.lockPerson(id, on: connection)
                let left = try Self.lockHousehold(before.householdID, on: connection)
                switch (before.status, left.status) {
                case ("moved_away", _),
                    ("active", "closed") where left.closedReason == ClosureReason.movedAway.rawValue:
                    break
                case ("active", _): throw RegistryError.stillRegistered(id)
                default: throw RegistryError.closed
                }
                guard try Self.lockHousehold(household, on: connection).status == "active" else { throw RegistryError.closed }
                try connection.query(
                    """
                    UPDATE person SET household_id = \(household), relation = \(relation), status = 'active', updated_at = now() WHERE id = \(id)
                    """)
                // The person's department data follows them: rules read a household's rows by its members.
                try connection.query("UPDATE feed_row SET household_id = \(household) WHERE person_id = \(id)")
                try Self.audit(
                    "person.return", entity: "person", id: id, before: before, after: try Self.lockPerson(id, on: connection),
                    actor: actor, source: source, on: connection)
            }
        }
        return try await self.household(household).required(or: RegistryError.notFound)
    }

    /// Turns a unique violation on the ID number into ``RegistryError/personAlreadyRegistered``
    /// naming the person already registered with one of `indexes` (the blind indexes written).
    func writingPersons<R>(_ indexes: [[UInt8]], _ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as PostgresError where error.serverError?.constraint == "person_id_number_unique" {
            let rows = try await pool.query(
                """
                SELECT p.id, CASE WHEN p.status <> 'active' THEN p.status WHEN h.status = 'closed' THEN h.closed_reason END AS closed
                FROM person p JOIN household h ON h.id = p.household_id
                WHERE p.id_number_index IN (SELECT decode(unnest(\(indexes.map(Hex.encode))::text[]), 'hex')) LIMIT 1
                """)
            guard let row = rows.first else { throw error }
            throw RegistryError.personAlreadyRegistered(try row.decode("id"), closed: try row.decode("closed", as: ClosureReason?.self))
        } catch let error as PostgresError where error.serverError?.constraint == "person_one_head" {
            throw FieldError(field: "relation", code: "one_head", message: "the household has a head already")
        }
    }

    static func lockHousehold(_ id: UUID, on connection: PostgresConnection) throws -> HouseholdRow {
        let rows = try connection.query(
            "SELECT grid_code, address, status, closed_reason, closed_on::text FROM household WHERE id = \(id) FOR UPDATE")
        guard let row = rows.first else { throw RegistryError.notFound }
        return HouseholdRow(
            gridCode: try row.decode("grid_code"), address: try row.decode("address"), status: try row.decode("status"),
            closedReason: try row.decode("closed_reason", as: String?.self), closedOn: try row.decode("closed_on", as: String?.self))
    }

    static func lockPerson(_ id: UUID, on connection: PostgresConnection) throws -> PersonRow {
        let rows = try connection.query(
            """
            SELECT household_id, name, relation, phone_masked, disability_grade, disability_category, monthly_income_fen, status
            FROM person WHERE id = \(id) FOR UPDATE
            """)
        guard let row = rows.first else { throw RegistryError.notFound }
        return PersonRow(
            householdID: try row.decode("household_id"), name: try row.decode("name"), relation: try row.decode("relation"),
            phone: try row.decode("phone_masked", as: String?.self), disabilityGrade: try row.decode("disability_grade", as: Int?.self),
            disabilityCategory: try row.decode("disability_category", as: String?.self),
            monthlyIncomeFen: try row.decode("monthly_income_fen", as: Int?.self), status: try row.decode("status"))
    }

    static func audit(
        _ action: String, entity: String, id: UUID, before: (some Encodable)?, after: (some Encodable)?, actor: Principal, source: String?,
        on connection: PostgresConnection
    ) throws {
        try AuditLog.append(
            AuditEntry(
                actor: actor, source: source, action: action, entity: entity, entityID: id.uuidString,
                before: try before.map { try PostgresJSON(encoding: $0) }, after: try after.map { try PostgresJSON(encoding: $0) }), on: connection)
    }
}
