import Foundation
import Hummingbird
import Logging
import SafetyNetKernel
import Synchronization
import Testing

/// Keeps every log line, with its metadata, in memory.
final class CapturedLogs: Sendable {
    let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger() -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.lines.withLock { $0.append("\(event.level) \(event.message) \(all) \(event.source)") }
        }
    }
}

@Suite("Personal data never reaches the logs")
struct LogPrivacyTests {
    @Test("ID and phone numbers sent, searched, created and revealed appear in no log line, even at trace level")
    func noPersonalDataInLogs() async throws {
        let logs = CapturedLogs()
        let newNumber = try ResidentIDNumber.compose(divisionCode: "220202", birthDate: CalendarDate(year: 1985, month: 5, day: 5)!, order: 321)
        let phone = "13912345678"
        try await APITestDistrict.with(logger: logs.logger()) { district in
            let existing = district.district.households[7].members[0].idNumber.value
            let town = try await district.token("town")
            let civil = try await district.token("civil")
            _ = try await district.call(.get, "/api/v1/households?idNumber=\(existing)", token: civil)
            var body = AccessTests.newHousehold(order: 0)
            body["members"] = [["name": "日志测试", "relation": "head", "idNumber": newNumber.value, "phone": phone]]
            let created = try await district.call(.post, "/api/v1/households", token: town, body: body)
            #expect(created.status == .created)
            // A duplicate, an invalid number, and a reveal: error paths log too.
            _ = try await district.call(.post, "/api/v1/households", token: town, body: body)
            body["members"] = [["name": "日志测试", "relation": "head", "idNumber": String(newNumber.value.dropLast()) + "0"]]
            _ = try await district.call(.post, "/api/v1/households", token: town, body: body)
            let personID = try #require((created.json["members"] as? [[String: Any]])?.first?["id"] as? String)
            let revealed = try await district.call(.get, "/api/v1/persons/\(personID)/identity", token: town)
            #expect(revealed.json["idNumber"] as? String == newNumber.value)
            // The request lines are there, so the check below reads real logs.
            #expect(logs.text.contains("path: /api/v1/households") || logs.text.contains("\"path\": /api/v1/households"))
            for secret in [existing, newNumber.value, String(newNumber.value.dropLast()) + "0", phone] {
                #expect(!logs.text.contains(secret), "found \(secret) in the logs")
            }
        }
    }
}
