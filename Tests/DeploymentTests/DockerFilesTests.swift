import Foundation
import ServerMetrics
import Testing
import Yams

/// The files in docker/, read as Docker and Prometheus would read them (no Docker engine runs
/// here): what they declare is what the README's "Run with Docker" section tells the admin.
@Suite("docker/")
struct DockerFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }

    static func yaml(_ path: String) throws -> [String: Any] {
        try #require(try Yams.load(yaml: text(path)) as? [String: Any], "\(path) is not a YAML mapping")
    }

    /// The README's "Run with Docker" section.
    static func readmeSection() throws -> String {
        let readme = try text("README.md")
        let start = try #require(readme.range(of: "## Run with Docker"), "the README has no Run with Docker section")
        let rest = readme[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    @Test(
        "compose.yaml: PostgreSQL 15 on a named volume with its health check; the server built from the Dockerfile, healthy only through /health, started after the database is healthy; Prometheus in its own profile"
    )
    func services() throws {
        let compose = try Self.yaml("docker/compose.yaml")
        let services = try #require(compose["services"] as? [String: [String: Any]])
        #expect(Set(services.keys) == ["postgres", "server", "prometheus"])

        let postgres = try #require(services["postgres"])
        #expect((postgres["image"] as? String)?.hasPrefix("postgres:15") == true)
        #expect((postgres["volumes"] as? [String])?.contains("pgdata:/var/lib/postgresql/data") == true)
        #expect(((postgres["healthcheck"] as? [String: Any])?["test"] as? [String])?.joined(separator: " ").contains("pg_isready") == true)

        let server = try #require(services["server"])
        #expect((server["build"] as? [String: String])?["dockerfile"] == "docker/Dockerfile")
        #expect(((server["depends_on"] as? [String: [String: String]])?["postgres"])?["condition"] == "service_healthy")
        #expect((server["healthcheck"] as? [String: Any])?["test"] as? [String] == ["CMD", "safetynet", "health", "--insecure"])
        let environment = try #require(server["environment"] as? [String: String])
        #expect(environment["SAFETYNET_OWNER_DATABASE_URL_FILE"] != nil && environment["SAFETYNET_DATABASE_URL_FILE"] != nil)
        #expect(environment.values.allSatisfy { !$0.contains("postgresql://") }, "database URLs hold passwords: secrets only")

        let prometheus = try #require(services["prometheus"])
        #expect(prometheus["profiles"] as? [String] == ["monitoring"])
        #expect(((prometheus["healthcheck"] as? [String: Any])?["test"]) != nil)
    }

    @Test("every secret and named volume a service uses is declared, secrets come from files under docker/secrets, and the README names each one")
    func secretsAndVolumes() throws {
        let compose = try Self.yaml("docker/compose.yaml")
        let services = try #require(compose["services"] as? [String: [String: Any]])
        let secrets = try #require(compose["secrets"] as? [String: [String: String]])
        let volumes = Set(try #require(compose["volumes"] as? [String: Any?]).keys)
        let section = try Self.readmeSection()

        let used = Set(services.values.flatMap { $0["secrets"] as? [String] ?? [] })
        #expect(used == Set(secrets.keys))
        for (name, secret) in secrets {
            #expect(secret["file"]?.hasPrefix("./secrets/") == true, "\(name)")
            #expect(section.contains("`\(name)`"), "the README does not name secret \(name)")
        }
        let named = Set(
            services.values.flatMap { $0["volumes"] as? [String] ?? [] }.map { String($0.prefix { $0 != ":" }) }.filter { !$0.hasPrefix(".") })
        #expect(named == volumes)
        for volume in volumes { #expect(section.contains("`\(volume)`"), "the README does not name volume \(volume)") }
        #expect(section.contains("docker/make-secrets.sh") && section.contains("personal-data.keys"))
    }

    @Test("Dockerfile: built with Swift 6, run on slim Debian with the listed packages only, as a non-root user, with a health check")
    func dockerfile() throws {
        let lines = try Self.text("docker/Dockerfile").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let stages = lines.filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2 && stages[0].hasPrefix("FROM swift:6") && stages[1].hasPrefix("FROM debian:bookworm-slim"))
        let runtime = lines.drop { !$0.hasPrefix("FROM debian") }
        #expect(runtime.contains("COPY docker/runtime-packages.txt /tmp/runtime-packages.txt"))
        let user = try #require(runtime.last { $0.hasPrefix("USER ") })
        #expect(user != "USER root" && user != "USER 0")
        #expect(runtime.contains { $0.hasPrefix("HEALTHCHECK ") && $0.contains("safetynet\", \"health") })
        let packages = try Self.text("docker/runtime-packages.txt").split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(packages.contains("libpq5") && packages.contains { $0.hasPrefix("postgresql-client") })
    }

    @Test("the alert rules: down, database down, overdue limits rising, p99 above 100 ms, over metrics the server exports")
    func alertRules() throws {
        let rules = try Self.yaml("docker/prometheus-alerts.yml")
        let groups = try #require(rules["groups"] as? [[String: Any]])
        let alerts = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
        let names = Set(alerts.compactMap { $0["alert"] as? String })
        #expect(names.isSuperset(of: ["SafetyNetDown", "SafetyNetDatabaseDown", "SafetyNetOverdueLimitsRising", "SafetyNetSlowRequests"]))
        let metric = try NSRegularExpression(pattern: "safetynet_[a-z_]+")
        for alert in alerts {
            let expression = try #require(alert["expr"] as? String)
            for match in metric.matches(in: expression, range: NSRange(expression.startIndex..., in: expression)) {
                let name = String(expression[Range(match.range, in: expression)!])
                let family = name.hasSuffix("_bucket") ? String(name.dropLast(7)) : name
                #expect(MetricCatalog.help[family] != nil, "\(alert["alert"] ?? "?") uses \(name), which the server does not export")
            }
        }
        let operations = try Self.text("docs/operations.md")
        for name in names { #expect(operations.contains(name), "docs/operations.md does not explain \(name)") }
    }
}
