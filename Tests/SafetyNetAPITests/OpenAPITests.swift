import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage
import Testing

@testable import SafetyNetAPI

/// The document is built from the routes and the Swift types; these tests check that it covers
/// every route, reads back as the types say, and that the checks built on it bite. Every other
/// API test runs with the contract check on, so each answer they meet is checked against it.
@Suite("OpenAPI document")
struct OpenAPITests {
    /// The document of a server with every test module, built without a database.
    static func document() throws -> OpenAPIDocument {
        try router().document
    }

    static func router() throws -> (router: Router<SafetyNetRequestContext>, document: OpenAPIDocument) {
        // A pool that never connects: building the router opens no connection.
        let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:1/none")))
        let logger = Logger(label: "openapi-test")
        return try SafetyNetServer.makeRouter(
            services: APIServices(
                pool: pool, protector: TestKeys.protector, catalog: TestCatalog.all, modules: ModuleSwitchboard(modules: TestCatalog.modules),
                calendar: .fixed(StatutoryHolidays.calendar()), logger: logger),
            logger: logger)
    }

    typealias JSON = [String: Any]

    static func json() throws -> JSON {
        try #require(try JSONSerialization.jsonObject(with: Data(document().json.utf8)) as? JSON)
    }

    @Test("every route is documented and every documented operation is routed")
    func routesMatchDocument() throws {
        let (router, document) = try Self.router()
        let all = Set(router.routes.map { "\($0.method) \($0.path)" })
        // The console's pages are not API operations; they are listed here so that no API route hides among them.
        let console: Set = [
            "GET /", "GET /console.css", "GET /console.js", "GET /favicon.svg", "GET /signin", "POST /signin", "POST /signout",
            "GET /households/{id}",
            "POST /households/{id}/visits", "POST /households/{id}/referrals", "GET /admin/modules", "POST /admin/modules/{id}",
            "GET /referrals", "GET /referrals/{id}", "POST /referrals/{id}/{action}", "GET /alerts/{id}", "POST /alerts/{id}/verification",
            "GET /overdue", "GET /overdue.csv", "GET /cases", "GET /cases/{id}", "POST /case-items/{id}/{step}", "POST /households/{id}/cases",
            "GET /dashboard", "GET /admin/users", "POST /admin/users", "POST /admin/users/{id}/{action}", "GET /audit",
            "GET /admin/calendar", "POST /admin/calendar/{year}", "GET /admin/settings", "POST /admin/settings",
            "GET /publication", "GET /publication.csv", "GET /cases.csv", "POST /cases/{id}/joint/{step}", "GET /admin/users/{id}/certificates",
            "POST /admin/users/{id}/certificates/{action}",
        ]
        #expect(console.isSubset(of: all), "console pages not routed: \(console.subtracting(all).sorted())")
        let routed = all.subtracting(console)
        let paths = try #require(try Self.json()["paths"] as? [String: JSON])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from the document")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations with no route")
        #expect(document.operations.count == routed.count)
        #expect(routed.count >= 60)
    }

    @Test("bodies and answers are read from the Swift types, with the kernel's limits")
    func schemasFollowTheTypes() throws {
        let schemas = try #require((try Self.json()["components"] as? JSON)?["schemas"] as? [String: JSON])
        let visit = try #require(schemas["NewVisit"])
        #expect(Set(visit["required"] as? [String] ?? []) == ["householdID", "kind", "visitedAt", "findings"])
        #expect(visit["additionalProperties"] as? Bool == false)
        let properties = try #require(visit["properties"] as? [String: JSON])
        #expect(properties["findings"]?["maxLength"] as? Int == TextLimit.statement.maximum)
        #expect(properties["visitedAt"]?["format"] as? String == "date-time")
        #expect(properties["householdID"]?["format"] as? String == "uuid")
        #expect(properties["kind"]?["$ref"] as? String == "#/components/schemas/VisitKind")
        #expect(schemas["VisitKind"]?["enum"] as? [String] == VisitKind.allCases.map(\.rawValue))
        #expect(schemas["RiskLevel"]?["enum"] as? [String] == RiskLevel.allCases.map(\.rawValue))
        // An answer: every field the type has, the optional ones not required.
        let household = try #require(schemas["HouseholdView"]?["properties"] as? JSON)
        #expect(household.keys.contains("monitoring") && household.keys.contains("members"))
        let required = try #require(schemas["HouseholdView"]?["required"] as? [String])
        #expect(required.contains("members") && !required.contains("monitoring"))
        // A recursive type refers to itself.
        let children = try #require((schemas["RegionNode"]?["properties"] as? JSON)?["children"] as? JSON)
        #expect((children["items"] as? JSON)?["$ref"] as? String == "#/components/schemas/RegionNode")
        #expect(schemas["PushEvent"] != nil && schemas["Error"] != nil)
    }

    @Test("each operation lists the refusals its shape implies, and the refusals of its own")
    func statusesFollowTheOperation() throws {
        let paths = try #require(try Self.json()["paths"] as? [String: JSON])
        let visit = try #require((paths["/api/v1/visits"]?["post"] as? JSON)?["responses"] as? JSON)
        #expect(Set(visit.keys) == ["201", "400", "401", "403", "409", "413", "422", "503"])
        let household = try #require((paths["/api/v1/households/{id}"]?["get"] as? JSON)?["responses"] as? JSON)
        #expect(Set(household.keys) == ["200", "401", "403", "404", "503"])
        let health = try #require((paths["/health"]?["get"] as? JSON)?["responses"] as? JSON)
        #expect(Set(health.keys) == ["200", "503"])
    }

    @Test("a body is checked against the document: its limits, its words and no unknown fields")
    func bodiesFollowTheDocument() throws {
        func refusal(_ body: String) -> FieldError? {
            do {
                _ = try StrictJSON.decode(VisitController.NewVisit.self, from: Data(body.utf8))
                return nil
            } catch let error as FieldError {
                return error
            } catch {
                Issue.record("unexpected \(error)")
                return nil
            }
        }
        let visit = #"{"householdID":"0F8FAD5B-D9CB-469F-A165-70867728950E","kind":"home","visitedAt":"2026-12-01T09:00:00+08:00","findings":"#
        #expect(refusal(visit + "\"\(String(repeating: "访", count: 2_000))\"}") == nil)
        #expect(refusal(visit + "\"\(String(repeating: "访", count: 2_001))\"}")?.code == "too_long")
        #expect(refusal(visit + #""   "}"#)?.code == "required")
        #expect(refusal(visit + #""ok","needs":["medical","nothing"]}"#)?.field == "needs[1]")
        #expect(refusal(visit + #""ok","mood":"fine"}"#)?.code == "unknown_field")
        // A key sent twice: the parsers disagree on which counts, so both values must pass.
        #expect(refusal(visit + "\"\(String(repeating: "访", count: 2_001))\",\"findings\":\"ok\"}")?.code == "too_long")
    }

    @Test("an answer that strays from the document is caught")
    func strayAnswersAreCaught() throws {
        let document = try Self.document()
        let components = document.components
        let key = try #require(document.operationKey(method: .get, path: "/api/v1/households/0F8FAD5B-D9CB-469F-A165-70867728950E"))
        #expect(key == "GET /api/v1/households/{id}")
        let schema = try #require(document.shapes[key]?.answers[200] ?? nil)
        let household: JSON = [
            "id": "0F8FAD5B-D9CB-469F-A165-70867728950E", "gridCode": "110101001001001", "address": "一号", "status": "active", "members": [JSON](),
        ]
        #expect(schema.problem(in: household, components: components) == nil)
        var extra = household
        extra["secret"] = "x"
        #expect(schema.problem(in: extra, components: components)?.code == "unknown_field")
        var missing = household
        missing["gridCode"] = nil
        #expect(schema.problem(in: missing, components: components)?.code == "missing_field")
        var word = household
        word["status"] = 5
        #expect(schema.problem(in: word, components: components)?.field == "status")
        #expect(document.shapes[key]?.refusals.contains(409) == false)
    }

    @Test("the header names SafetyNet adds parse as written")
    func headerNames() {
        #expect(HTTPField.Name.idempotencyKey.rawName == "Idempotency-Key")
        #expect(HTTPField.Name.idempotentReplayed.rawName == "Idempotent-Replayed")
        #expect(HTTPField.Name.referrerPolicy.rawName == "Referrer-Policy")
    }

    @Test("the server serves the document")
    func served() async throws {
        let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:1/none")))
        try await RunningServer.with(pool: pool) { client, _ in
            let response = try await client.get("/openapi.json")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body ?? ByteBuffer()) == (try Self.document().json))
        }
        try await pool.shutdown()
    }
}
