import Foundation
import PersonalData
import SafetyNetKernel
import Testing

@Suite("Discoveries through the API: people the data names and the registry does not know, where they live")
struct DiscoveryAPITests {
    static let header = "idNumber,name,settledOn,totalCost,selfPaid,diagnosisCategory,regionCode"

    static func discoveries(_ district: APITestDistrict, as login: String, _ query: String = "") async throws -> [[String: Any]] {
        let reply = try await district.call(.get, "/api/v1/discoveries?\(query)", token: try await district.token(login))
        #expect(reply.status == .ok, "\(reply.text)")
        return reply.json["items"] as? [[String: Any]] ?? []
    }

    @Test("each is listed once in its grid, village and town, the district also sees those placed nowhere; registering one takes it off")
    func placedAndRegistered() async throws {
        try await APITestDistrict.with { district in
            let known = try #require(district.district.households.first { $0.grid == AccessTests.ownGrid }?.members.first)
            let (here, there, nowhere) = (
                try FeedBatchAPITests.stranger(811), try FeedBatchAPITests.stranger(812), try FeedBatchAPITests.stranger(813)
            )
            let village = try #require(AccessTests.ownGrid.parent)
            let first = try await AlertAPITests.upload(
                district, feed: "medical-aid.settlements", batch: "s1",
                csv: [
                    Self.header, "\(known.idNumber.value),\(known.name),2026-11-01,900,300,ordinary,\(AccessTests.ownGrid.value)",
                    "\(here),王小红,2026-11-02,12000,8000,serious,\(AccessTests.ownGrid.value)",
                    "\(there),李大山,2026-11-02,5000,2000,ordinary,\(AccessTests.otherTownGrid.value)",
                    "\(nowhere),周明,2026-11-03,800,100,ordinary,", "\(try FeedBatchAPITests.stranger(814)),赵四,2026-11-03,800,100,ordinary,12345",
                ], as: "medical")
            #expect((first["rows"] as? [String: Int])?["unmatched"] == 3 && (first["rows"] as? [String: Int])?["refused"] == 1)
            let problems = try await district.call(
                .get, "/api/v1/feed-batches/\(first["id"] as! String)/problems", token: try await district.token("medical"))
            #expect((problems.json["items"] as? [[String: Any]])?.first?["code"] as? String == "invalid_region", "\(problems.text)")
            // The same person in next month's batch is still one discovery, with two rows.
            _ = try await AlertAPITests.upload(
                district, feed: "medical-aid.settlements", batch: "s2",
                csv: [Self.header, "\(here),王小红,2026-12-01,3000,1500,serious,\(village.value)"], as: "medical")

            let grid = try await Self.discoveries(district, as: "grid")
            #expect(grid.count == 1 && grid.first?["rows"] as? Int == 2 && grid.first?["regionCode"] as? String == village.value)
            #expect(grid.first?["idNumber"] as? String == Masking.idNumber(here) && (grid.first?["facts"] as? [String: String])?["name"] == "王小红")
            #expect(grid.first?["feedName"] as? String == "医保结算记录")
            #expect(try await Self.discoveries(district, as: "town").count == 1)
            #expect(try await Self.discoveries(district, as: "civil").count == 3)
            #expect(try await Self.discoveries(district, as: "medical").count == 3)
            #expect(try await Self.discoveries(district, as: "employment").isEmpty)
            #expect(try await Self.discoveries(district, as: "civil", "region=\(AccessTests.otherTownGrid.value)").count == 1)
            let outside = try await district.call(
                .get, "/api/v1/discoveries?region=\(AccessTests.otherTownGrid.value)", token: try await district.token("grid"))
            #expect(outside.status == .forbidden)

            // The grid worker finds her and registers her household: her rows now belong to her, and she leaves the list.
            let registered = try await district.call(
                .post, "/api/v1/households", token: try await district.token("grid"),
                body: [
                    "gridCode": AccessTests.ownGrid.value, "address": "发现路1号",
                    "members": [["name": "王小红", "relation": "head", "idNumber": here]],
                ])
            #expect(registered.status == .created, "\(registered.text)")
            #expect(try await Self.discoveries(district, as: "grid").isEmpty)
            #expect(try await Self.discoveries(district, as: "civil").count == 2)
            let figures = try await AlertLifeAPITests.earlyWarning(district)
            #expect(figures["discovered"] as? Int == 3 && figures["discoveredRegistered"] as? Int == 1, "\(figures)")
        }
    }
}
