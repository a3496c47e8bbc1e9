import DemoDistrict
import Foundation
import Hummingbird
import HummingbirdTesting
import PersonalData
import SafetyNetKernel
import Testing

@Suite("Roles and scopes through the API")
struct AccessTests {
    /// The demo grid worker's grid (文庙社区第1网格) and a grid in another town.
    static let ownGrid = DemoAccounts.entries[0].scope
    static let otherTownGrid = DemoDistrictGenerator.districtCode.child(2)!.child(1)!.child(1)!

    enum Call: String, CaseIterable {
        case readRegions, readOwnGridHousehold, readOtherTownHousehold, searchDistrict, createHouseholdInOwnGrid,
            recordVisitInOwnGrid, recordVisitInOtherTown, visitsDue
    }

    /// Expected status per role, per call. Read it as the access policy in one table.
    static let expectations: [String: [Call: HTTPResponse.Status]] = [
        "grid": [
            .readRegions: .ok, .readOwnGridHousehold: .ok, .readOtherTownHousehold: .forbidden, .searchDistrict: .forbidden,
            .createHouseholdInOwnGrid: .created, .recordVisitInOwnGrid: .created, .recordVisitInOtherTown: .forbidden, .visitsDue: .ok,
        ],
        "village": [
            .readRegions: .ok, .readOwnGridHousehold: .ok, .readOtherTownHousehold: .forbidden, .searchDistrict: .forbidden,
            .createHouseholdInOwnGrid: .created, .recordVisitInOwnGrid: .created, .recordVisitInOtherTown: .forbidden, .visitsDue: .ok,
        ],
        "town": [
            .readRegions: .ok, .readOwnGridHousehold: .ok, .readOtherTownHousehold: .forbidden, .searchDistrict: .forbidden,
            .createHouseholdInOwnGrid: .created, .recordVisitInOwnGrid: .created, .recordVisitInOtherTown: .forbidden, .visitsDue: .ok,
        ],
        "civil": [
            .readRegions: .ok, .readOwnGridHousehold: .ok, .readOtherTownHousehold: .ok, .searchDistrict: .ok,
            .createHouseholdInOwnGrid: .created, .recordVisitInOwnGrid: .created, .recordVisitInOtherTown: .created, .visitsDue: .ok,
        ],
        "medical": [
            .readRegions: .ok, .readOwnGridHousehold: .ok, .readOtherTownHousehold: .ok, .searchDistrict: .ok,
            .createHouseholdInOwnGrid: .forbidden, .recordVisitInOwnGrid: .forbidden, .recordVisitInOtherTown: .forbidden, .visitsDue: .ok,
        ],
        "admin": [
            .readRegions: .ok, .readOwnGridHousehold: .ok, .readOtherTownHousehold: .ok, .searchDistrict: .ok,
            .createHouseholdInOwnGrid: .created, .recordVisitInOwnGrid: .created, .recordVisitInOtherTown: .created, .visitsDue: .ok,
        ],
        "auditor": [
            .readRegions: .ok, .readOwnGridHousehold: .ok, .readOtherTownHousehold: .ok, .searchDistrict: .ok,
            .createHouseholdInOwnGrid: .forbidden, .recordVisitInOwnGrid: .forbidden, .recordVisitInOtherTown: .forbidden, .visitsDue: .ok,
        ],
    ]

    @Test("each role gets exactly the answers the policy table gives, and nothing without a token")
    func roleTable() async throws {
        try await APITestDistrict.with { district in
            let own = try district.household(inGrid: Self.ownGrid).id.uuidString
            let other = try district.household(inGrid: Self.otherTownGrid).id.uuidString
            var order = 500
            for (login, expected) in Self.expectations.sorted(by: { $0.key < $1.key }) {
                let token = try await district.token(login)
                for call in Call.allCases {
                    order += 1
                    let reply: APITestDistrict.Reply
                    switch call {
                    case .readRegions: reply = try await district.call(.get, "/api/v1/regions", token: token)
                    case .readOwnGridHousehold: reply = try await district.call(.get, "/api/v1/households/\(own)", token: token)
                    case .readOtherTownHousehold: reply = try await district.call(.get, "/api/v1/households/\(other)", token: token)
                    case .searchDistrict:
                        reply = try await district.call(.get, "/api/v1/households?region=\(DemoDistrictGenerator.districtCode)", token: token)
                    case .createHouseholdInOwnGrid:
                        reply = try await district.call(.post, "/api/v1/households", token: token, body: Self.newHousehold(order: order))
                    case .recordVisitInOwnGrid: reply = try await district.call(.post, "/api/v1/visits", token: token, body: Self.visit(own))
                    case .recordVisitInOtherTown: reply = try await district.call(.post, "/api/v1/visits", token: token, body: Self.visit(other))
                    case .visitsDue: reply = try await district.call(.get, "/api/v1/visits/due", token: token)
                    }
                    #expect(reply.status == expected[call], "\(login) \(call): \(reply.status) \(reply.text.prefix(200))")
                    if reply.status == .forbidden { #expect(["forbidden", "outside_scope"].contains(reply.json["code"] as? String)) }
                }
            }
            for path in ["/api/v1/regions", "/api/v1/households/\(own)", "/api/v1/me"] {
                let anonymous = try await district.call(.get, path)
                #expect(anonymous.status == .unauthorized)
                #expect(anonymous.json["code"] as? String == "unauthenticated")
            }
            let forged = try await district.call(.get, "/api/v1/me", token: "snt_forged")
            #expect(forged.status == .unauthorized)
        }
    }

    @Test("signing out revokes the token")
    func signOut() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.signIn("grid")
            #expect(try await district.call(.get, "/api/v1/me", token: token).status == .ok)
            #expect(try await district.call(.delete, "/api/v1/sessions/current", token: token).status == .noContent)
            #expect(try await district.call(.get, "/api/v1/me", token: token).status == .unauthorized)
            let wrong = try await district.call(.post, "/api/v1/sessions", body: ["login": "grid", "password": "wrong password!"])
            #expect(wrong.status == .unauthorized && wrong.json["code"] as? String == "wrong_credentials")
            let unknown = try await district.call(.post, "/api/v1/sessions", body: ["login": "nobody", "password": DemoAccounts.password])
            #expect(unknown.status == .unauthorized && unknown.json["code"] as? String == "wrong_credentials")
            // Sign-in, sign-out and the refused attempt are all in the audit log, never with a secret.
            let audit = try await district.pool.query(
                """
                SELECT action, actor_login, coalesce(after::text, '') AS after FROM audit_log
                WHERE action IN ('credential.issue', 'credential.revoke', 'session.refused') ORDER BY seq
                """)
            let entries = try audit.map { "\(try $0.decode("action", as: String.self)) \(try $0.decode("actor_login", as: String.self))" }
            #expect(entries == ["credential.issue grid", "credential.revoke grid", "session.refused system", "session.refused system"])
            #expect(try audit.allSatisfy { !(try $0.decode("after", as: String.self)).contains(token) })
        }
    }

    @Test("an account disabled or a token revoked by another process stops working at once")
    func changedElsewhere() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.signIn("grid")
            let other = try await district.signIn("village")
            for _ in 0..<3 { #expect(try await district.call(.get, "/api/v1/me", token: token).status == .ok) }
            #expect(try await district.call(.get, "/api/v1/me", token: other).status == .ok)
            // Straight in the database, as another server process or an administrator would.
            try await district.pool.query("UPDATE app_user SET disabled_at = now() WHERE login = 'grid'")
            #expect(try await Self.refusedSoon(district, token))
            try await district.pool.query("UPDATE credential SET revoked_at = now() WHERE secret_hash = sha256(convert_to(\(other), 'UTF8'))")
            #expect(try await Self.refusedSoon(district, other))
        }
    }

    /// Whether `/me` refuses `token` within a second: the change reaches the server as a notification,
    /// well before a cached principal would lapse on its own.
    static func refusedSoon(_ district: APITestDistrict, _ token: String) async throws -> Bool {
        for _ in 0..<20 {
            if try await district.call(.get, "/api/v1/me", token: token).status == .unauthorized { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    static func newHousehold(order: Int) -> [String: Any] {
        let idNumber = try! ResidentIDNumber.compose(divisionCode: "220202", birthDate: CalendarDate(year: 1970, month: 1, day: 1)!, order: order)
        return [
            "gridCode": ownGrid.value, "address": "通江路\(order)号",
            "members": [["name": "测试户主", "relation": "head", "idNumber": idNumber.value]],
        ]
    }

    static func visit(_ household: String) -> [String: Any] {
        [
            "householdID": household, "kind": "home", "visitedAt": ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600)),
            "findings": "家中老人腿脚不便，需要关注", "needs": ["elderly_care"],
        ]
    }
}
