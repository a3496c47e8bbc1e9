import DemoDistrict
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresClient
import PostgresTestSupport
import SafetyNetStorage
import Testing

/// Issue 11, finding 6: the server does its whole job as the runtime role, which may only append to the audit log.
@Suite("The server as the runtime role")
struct RuntimeRoleTests {
    @Test("sign-in, an idempotent visit, the calendar and a module switch all work with the runtime role's rights")
    func serverWorks() async throws {
        let role = "app_\(UInt32.random(in: 0...UInt32.max))"
        try await TestPostgres.withDatabase { database in
            try await database.withPool { owner in
                try await DatabaseSchema(pool: owner, modules: TestCatalog.modules).update()
                _ = try await DemoDistrictLoader(pool: owner, protector: TestKeys.protector).loadIfEmpty(APITestDistrict.generator)
                try await DemoAccounts.ensure(in: Accounts(pool: owner))
                try await DatabaseRoles.ensureLogin(role, password: "app-secret", on: owner)
                try await DatabaseRoles.grantRuntime(role, on: owner)
                var components = try #require(URLComponents(string: database.url))
                (components.user, components.password) = (role, "app-secret")
                let runtime = ConnectionPool(configuration: .init(connection: try PostgresConfiguration(try #require(components.string))))
                try await RunningServer.with(pool: runtime) { client, port in
                    let district = APITestDistrict(client: client, port: port, pool: runtime, district: APITestDistrict.generator.generate())
                    let grid = try await district.signIn("grid")
                    let household = try district.household(inGrid: AccessTests.ownGrid).id.uuidString
                    let key: HTTPFields = [.init("Idempotency-Key")!: "runtime-1"]
                    let visit = try await district.call(.post, "/api/v1/visits", token: grid, body: AccessTests.visit(household), headers: key)
                    #expect(visit.status == .created, "\(visit.text)")
                    let admin = try await district.signIn("admin")
                    let calendar = try await district.call(
                        .put, "/api/v1/calendar/2027", token: admin, body: ["holidays": ["2027-01-01"], "workingDays": [String]()])
                    #expect(calendar.status == .ok, "\(calendar.text)")
                    for step in ["disable", "enable"] {
                        let switched = try await district.call(.post, "/api/v1/modules/education/\(step)", token: admin)
                        #expect(switched.status == .ok, "\(step): \(switched.text)")
                    }
                }
                try await runtime.shutdown()
                #expect(try await AuditLog.verify(pool: owner).isIntact)
                try await owner.query("DROP OWNED BY \(unsafeRaw: role)")
            }
        }
        let admin = ConnectionPool(configuration: .init(connection: try PostgresConfiguration(TestPostgres.url(database: "postgres"))))
        try await admin.query("DROP ROLE \(unsafeRaw: role)")
        try await admin.shutdown()
    }
}
