import Foundation
import Testing

@Suite("Feeds through the API")
struct FeedAPITests {
    @Test("every linked department's feed is listed with its fields, Chinese headers and personal fields; sign-in required")
    func listing() async throws {
        try await APITestDistrict.with { district in
            #expect(try await district.call(.get, "/api/v1/feeds").status == .unauthorized)
            let reply = try await district.call(.get, "/api/v1/feeds", token: try await district.token("grid"))
            #expect(reply.status == .ok)
            let items = try #require(reply.json["items"] as? [[String: Any]])
            #expect(
                items.compactMap { $0["id"] as? String } == [
                    "civil-affairs.economic-checks", "disability.certificates", "education.students",
                    "employment.unemployment-registrations", "medical-aid.settlements",
                ])
            let settlements = try #require(items.last)
            let fields = try #require(settlements["fields"] as? [[String: Any]])
            #expect(settlements["identityField"] as? String == "idNumber" && settlements["enabled"] as? Bool == true)
            #expect(fields.compactMap { $0["chineseLabel"] as? String } == ["身份证号", "姓名", "结算日期", "医疗总费用", "个人自付金额", "病种类别", "医疗机构", "所在区划代码"])
            #expect(fields.filter { $0["personal"] as? Bool == true }.compactMap { $0["name"] as? String } == ["idNumber", "name"])
            let category = try #require(fields.first { $0["name"] as? String == "diagnosisCategory" })
            #expect((category["choices"] as? [[String: String]])?.contains(["code": "serious", "label": "重大疾病"]) == true)
            let economic = try #require(items.first)
            #expect(economic["subject"] as? String == "household" && economic["identityField"] as? String == "headIdNumber")
        }
    }
}
