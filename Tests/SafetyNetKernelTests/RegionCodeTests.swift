import SafetyNetKernel
import Testing

@Suite("Region codes")
struct RegionCodeTests {
    @Test("the level and the parent follow from the digits")
    func levels() throws {
        let district = try RegionCode("220202000000")
        let town = try RegionCode("220202001000")
        let village = try RegionCode("220202001002")
        let grid = try RegionCode("220202001002003")
        #expect([district.level, town.level, village.level, grid.level] == [.district, .town, .village, .grid])
        #expect(grid.parent == village)
        #expect(village.parent == town)
        #expect(town.parent == district)
        #expect(district.parent == nil)
        #expect(district.child(1) == town)
        #expect(village.child(3) == grid)
        #expect(grid.child(1) == nil)
    }

    @Test("a region contains itself and what lies below it, nothing beside it")
    func containment() throws {
        let town = try RegionCode("220202001000")
        #expect(town.contains(try RegionCode("220202001002003")))
        #expect(town.contains(town))
        #expect(!town.contains(try RegionCode("220202002001001")))
        #expect(!town.contains(try RegionCode("220202000000")))
        #expect(!(try RegionCode("220202001002")).contains(try RegionCode("220202001020001")))
    }

    @Test(
        "malformed codes are refused",
        arguments: [
            "22020200000", "2202020000000", "22020200000a", "220000000000", "220202000001", "220202001002000", "220202000001001",
        ])
    func invalid(text: String) {
        #expect(throws: RegionCode.ValidationError.self) { try RegionCode(text) }
    }
}
