import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdTesting
import SafetyNetKernel
import SafetyNetStorage
import ServerMetrics
import Testing

@testable import SafetyNetAPI

@Suite("Metrics for Prometheus")
struct MetricsTests {
    /// swift-metrics takes one backend per process: this export, bootstrapped on first use. Other
    /// tests running meanwhile record into it too, so the checks below ask for at least, not exactly.
    static let export: PrometheusExport = {
        let export = PrometheusExport()
        MetricsSystem.bootstrap(export.factory)
        return export
    }()

    @Test(
        "GET /metrics: every family described and typed; requests by route pattern, never a path or query; pool, statements, feeds and open work"
    )
    func scrape() async throws {
        let export = Self.export
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let person = district.district.households[0].members[0]
            #expect(try await district.call(.get, "/api/v1/households?idNumber=\(person.idNumber.value)", token: token).status == .ok)
            let missing = UUID().uuidString
            #expect(try await district.call(.get, "/api/v1/households/\(missing)", token: token).status == .notFound)
            // Over the red line (50,000 yuan a year for the household): one open red alert to count.
            let csv = FeedBatchAPITests.header + "\n" + FeedBatchAPITests.settlement(person.idNumber.value, selfPaid: "60000") + "\n"
            #expect(try await FeedBatchAPITests.upload(district, csv, batch: "metrics", token: token).status == .created)
            let supervision = SupervisionStore(pool: district.pool, catalog: TestCatalog.all, clock: SystemClock())
            OpenWorkGauges(modules: TestCatalog.modules.map(\.descriptor.id)).record(try await supervision.openWork())

            let router = MetricsEndpoint(host: "127.0.0.1", port: 0, export: export).router()
            let (status, contentType, text) = try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/metrics", method: .get) { response in
                    (response.status, response.headers[.contentType], String(buffer: response.body))
                }
            }
            #expect(status == .ok && contentType == PrometheusExport.contentType)
            let exposition = try Exposition(text)
            #expect(exposition.problems.isEmpty, "\(exposition.problems)")
            #expect(exposition.value(of: #"safetynet_http_requests_total{route="/api/v1/households/{id}",method="GET",status="404"}"#) >= 1)
            #expect(exposition.value(of: #"safetynet_http_requests_total{route="/api/v1/households",method="GET",status="200"}"#) >= 1)
            #expect(
                exposition.value(of: #"safetynet_http_request_duration_seconds_count{route="/api/v1/households",method="GET",status="200"}"#) >= 1)
            #expect(!text.contains(missing) && !text.contains(person.idNumber.value))
            #expect(exposition.value(of: "safetynet_db_query_duration_seconds_count") >= 1)
            #expect(exposition.value(of: "safetynet_db_pool_connections_open") >= 1)
            #expect(exposition.families["safetynet_db_pool_connections_in_use"] == "gauge")
            #expect(exposition.value(of: #"safetynet_feed_batches_total{feed="medical-aid.settlements",status="done"}"#) >= 1)
            #expect(exposition.value(of: #"safetynet_feed_rows_total{feed="medical-aid.settlements",outcome="matched"}"#) >= 1)
            #expect(exposition.families["safetynet_overdue_limits"] == "gauge")
            let redAlerts: Int = try await district.pool.query(
                "SELECT count(*) AS n FROM alert WHERE module_id = 'medical-aid' AND level = 'red' AND status IN ('raised', 'verified')")[0]
                .decode("n")
            #expect(redAlerts == 1)
            #expect(exposition.value(of: #"safetynet_open_alerts{department="medical-aid",level="red"}"#) == Double(redAlerts))
            #expect(exposition.value(of: #"safetynet_open_alerts{department="education",level="red"}"#) == 0)
            #expect(exposition.families["safetynet_open_referrals"] == "gauge")
            for family in exposition.families.keys { #expect(MetricCatalog.help[family] != nil, "\(family) is not in the catalog") }
        }
    }
}

/// Prometheus text exposition read back, with what `promtool check metrics` would object to.
struct Exposition {
    /// Family name to its declared type.
    var families: [String: String] = [:]
    /// Sample (name and labels, as written) to its value.
    var samples: [String: Double] = [:]
    var problems: [String] = []

    init(_ text: String) throws {
        var described: Set<String> = []
        for line in text.split(separator: "\n").map(String.init) {
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            if line.hasPrefix("# HELP ") {
                described.insert(words[2])
            } else if line.hasPrefix("# TYPE ") {
                families[words[2]] = words[3]
            } else {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                    throw TestFailure("not a sample: \(line)")
                }
                samples[String(line[..<space])] = value
            }
        }
        for (family, type) in families {
            if !described.contains(family) { problems.append("\(family) has no help text") }
            if type == "counter" && !family.hasSuffix("_total") { problems.append("counter \(family) does not end in _total") }
            if type == "histogram" && !family.hasSuffix("_seconds") { problems.append("histogram \(family) does not name its unit") }
        }
        for sample in samples.keys {
            let name = String(sample.prefix { $0 != "{" })
            let family = ["_bucket", "_sum", "_count"].reduce(name) { name, suffix in
                name.hasSuffix(suffix) && families[name] == nil ? String(name.dropLast(suffix.count)) : name
            }
            if families[family] == nil { problems.append("\(sample) belongs to no typed family") }
        }
    }

    /// The sample's value; -1 when it is missing, so that `>=` checks fail.
    func value(of sample: String) -> Double { samples[sample] ?? -1 }
}
