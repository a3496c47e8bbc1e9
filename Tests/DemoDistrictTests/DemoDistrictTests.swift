import DemoDistrict
import PersonalData
import PostgresClient
import PostgresTestSupport
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Demo district")
struct DemoDistrictTests {
    static let district = DemoDistrictGenerator().generate()

    @Test("the standard district has the promised shape")
    func shape() {
        let levels = Dictionary(grouping: Self.district.regions, by: \.code.level).mapValues(\.count)
        #expect(levels == [.district: 1, .town: 3, .village: 10, .grid: 40])
        #expect(Self.district.households.count == 20_000)
        #expect((45_000...55_000).contains(Self.district.personCount))
        #expect((1_000...5_000).contains(Self.district.monitoredCount))
        let perGrid = Dictionary(grouping: Self.district.households, by: \.grid).mapValues(\.count)
        #expect(perGrid.count == 40 && perGrid.values.allSatisfy { $0 == 500 })
    }

    @Test("a larger district gets more grids, each still a grid worker's load of about 500 households")
    func gridsGrowWithTheDistrict() {
        let larger = DemoDistrictGenerator(householdCount: 30_001).generate()
        let grids = larger.regions.filter { $0.code.level == .grid }
        #expect(grids.count == 70)  // 7 a village: 10 × 6 would leave 501 in one grid
        let perGrid = Dictionary(grouping: larger.households, by: \.grid).mapValues(\.count)
        #expect(perGrid.count == 70 && perGrid.values.allSatisfy { $0 <= 500 })
        #expect(Set(grids.map(\.code)).count == 70 && grids.allSatisfy { $0.name.hasSuffix("网格") })
    }

    @Test("every ID number is valid, unique, and agrees with the person's age and role")
    func idNumbers() throws {
        let persons = Self.district.households.flatMap(\.members)
        #expect(Set(persons.map(\.idNumber.value)).count == persons.count)
        let asOf = CalendarDate(year: 2026, month: 1, day: 1)!
        for household in Self.district.households {
            #expect(household.members.first?.relation == .head)
            #expect(household.members.count { $0.relation == .head } == 1)
            for person in household.members {
                #expect(try ResidentIDNumber(person.idNumber.value) == person.idNumber)
                #expect((0...101).contains(person.idNumber.birthDate.wholeYears(until: asOf)))
                if person.relation == .spouse { #expect(person.idNumber.sex != household.members[0].idNumber.sex) }
                if person.relation != .head && person.relation != .spouse {
                    #expect(person.name.hasPrefix(household.members[0].name.prefix(1)))
                }
            }
        }
    }

    @Test("incomes, disabilities and monitoring are plausible")
    func plausibility() {
        let persons = Self.district.households.flatMap(\.members)
        let disabled = persons.filter { $0.disability != nil }
        #expect((0.03...0.10).contains(Double(disabled.count) / Double(persons.count)))
        #expect(disabled.allSatisfy { (1...4).contains($0.disability!.grade) })
        #expect(persons.allSatisfy { $0.monthlyIncomeFen >= 0 && $0.monthlyIncomeFen <= 1_200_000 })
        let monitored = Self.district.households.compactMap(\.monitoring)
        #expect(Set(monitored.map(\.riskLevel)) == Set(RiskLevel.allCases))
        #expect(monitored.allSatisfy { !$0.categories.isEmpty && !$0.reason.isEmpty })
    }

    @Test("the same seed gives the same district; another seed another")
    func deterministic() {
        let small = DemoDistrictGenerator(seed: 7, householdCount: 300)
        let first = small.generate()
        let second = small.generate()
        #expect(first.households.map(\.id) == second.households.map(\.id))
        #expect(first.households.flatMap(\.members).map(\.idNumber) == second.households.flatMap(\.members).map(\.idNumber))
        let other = DemoDistrictGenerator(seed: 8, householdCount: 300).generate()
        #expect(other.households.map(\.id) != first.households.map(\.id))
    }

    @Test("loading copies everything once, with ID numbers only sealed, indexed and masked")
    func load() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await DatabaseSchema(pool: pool, modules: []).update()
                let protector = PersonalDataProtector(keyring: try PersonalDataKeyring(text: PersonalDataKeyring.generateText()))
                let loader = DemoDistrictLoader(pool: pool, protector: protector)
                let generator = DemoDistrictGenerator(seed: 11, householdCount: 2_000)
                let report = try #require(try await loader.loadIfEmpty(generator))
                let expected = generator.generate()
                #expect(report.households == 2_000 && report.persons == expected.personCount)
                #expect(try await loader.loadIfEmpty(generator) == nil)

                let summary = try await RegistrySummary.load(from: pool)
                #expect(summary.households == 2_000 && summary.persons == expected.personCount)
                #expect(summary.monitored == expected.monitoredCount && summary.grids == 40)

                // No ID number in clear anywhere in the person table's text.
                let sample = expected.households[0].members[0].idNumber
                let clear = try await pool.query("SELECT count(*) AS n FROM person p WHERE p::text LIKE '%' || \(sample.value) || '%'")
                #expect(try clear[0].decode("n", as: Int.self) == 0)
                // Found by blind index, and the sealed value opens to the number.
                let index = PostgresBytes(protector.blindIndex(sample.value, as: .idNumber))
                let rows = try await pool.query(
                    "SELECT id_number_sealed, id_number_key_id, id_number_masked FROM person WHERE id_number_index = \(index)")
                #expect(rows.count == 1)
                let sealed = SealedValue(
                    keyID: try rows[0].decode("id_number_key_id"), combined: try rows[0].decode("id_number_sealed", as: PostgresBytes.self).bytes)
                #expect(try protector.open(sealed, as: .idNumber) == sample.value)
                #expect(try rows[0].decode("id_number_masked", as: String.self) == Masking.idNumber(sample.value))
            }
        }
    }
}
