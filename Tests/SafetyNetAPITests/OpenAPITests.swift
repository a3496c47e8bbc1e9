import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
@testable import SafetyNetAPI
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    /// Method and path of every operation in the document, e.g. `GET /api/v1/households/{id}`.
    static func documented() throws -> Set<String> {
        let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as! [String: Any]
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = document["paths"] as! [String: [String: Any]]
        return Set(paths.flatMap { path, operations in
            operations.keys.filter { ["get", "put", "post", "delete", "patch"].contains($0) }.map { "\($0.uppercased()) \(path)" }
        })
    }

    @Test("every route is documented and every documented operation is routed")
    func routesMatchDocument() throws {
        // A pool that never connects: building the router opens no connection.
        let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:1/none")))
        let router = SafetyNetServer.makeRouter(
            services: APIServices(pool: pool, protector: TestKeys.protector, catalog: TestCatalog.all, modules: ModuleSwitchboard(modules: TestCatalog.modules),
                                  calendar: .fixed(StatutoryHolidays.calendar())),
            logger: Logger(label: "openapi-test"))
        let routed = Set(router.routes.map { "\($0.method) \($0.path)" })
        let documented = try Self.documented()
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from the document")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations with no route")
        #expect(routed.count >= 20)
    }

    @Test("the server serves the document")
    func served() async throws {
        let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:1/none")))
        try await RunningServer.with(pool: pool) { client, _ in
            let response = try await client.get("/openapi.json")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body ?? ByteBuffer()) == OpenAPIDocument.json)
        }
        try await pool.shutdown()
    }
}
