import Foundation
import Testing

@testable import ServerConfiguration

@Suite("Configuration file")
struct ConfigurationFileTests {
    @Test("keys are the variables' names without SAFETYNET_, lower case, dashed; every setting has its own")
    func keys() {
        #expect(SettingKey.certificate.fileKey == "tls-certificate")
        #expect(SettingKey.logLevel.fileKey == "log-level")
        #expect(SettingKey.databaseURLFile.fileKey == "database-url-file")
        #expect(Set(SettingKey.allCases.map(\.fileKey)).count == SettingKey.allCases.count)
    }

    @Test("a flat YAML mapping is read; flags win over the environment, the environment over the file")
    func precedence() throws {
        let file = try ConfigurationFile(text: "port: 9443\nhost: 0.0.0.0\nlog-format: json\n# a comment\n", path: "safetynet.yaml")
        #expect(file.values == [.port: "9443", .host: "0.0.0.0", .logFormat: "json"])
        let sources = SettingSources(environment: ["SAFETYNET_HOST": "127.0.0.2"], file: file)
        #expect(sources.value(.port, flag: nil) == "9443" && sources.origin(.port, flag: nil) == "safetynet.yaml")
        #expect(sources.value(.host, flag: nil) == "127.0.0.2" && sources.origin(.host, flag: nil) == "environment SAFETYNET_HOST")
        #expect(sources.value(.host, flag: "10.0.0.1") == "10.0.0.1")
        #expect(sources.value(.poolSize, flag: nil) == nil && sources.origin(.poolSize, flag: nil) == nil)
        #expect(try ConfigurationFile(text: "", path: "empty.yaml").values.isEmpty)
    }

    @Test("an unknown key, a list where a value belongs and text that is no mapping are refused, naming the key")
    func refusals() {
        #expect(throws: ConfigurationError.self) { try ConfigurationFile(text: "prot: 8443\n", path: "f") }
        do {
            _ = try ConfigurationFile(text: "port: 8443\ntls-certifcate: /x.pem\n", path: "f")
            Issue.record("a misspelt key was accepted")
        } catch {
            #expect(error.key == "tls-certifcate" && error.message.contains("line 2"), "\(error)")
        }
        #expect(throws: ConfigurationError.self) { try ConfigurationFile(text: "port: [1, 2]\n", path: "f") }
        #expect(throws: ConfigurationError.self) { try ConfigurationFile(text: "- port\n", path: "f") }
    }

    @Test("a secret comes from the file its _FILE variant names, trimmed; an unreadable one is an error naming it")
    func secretFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("postgresql://app:pw@db/safetynet\n".utf8).write(to: url)
        let file = try ConfigurationFile(text: "database-url-file: \(url.path)\n", path: "f")
        #expect(try SettingSources(environment: [:], file: file).secret(.databaseURL, flag: nil) == "postgresql://app:pw@db/safetynet")
        let missing = SettingSources(environment: ["SAFETYNET_DATABASE_URL_FILE": "/nonexistent/url"], file: nil)
        #expect(throws: ConfigurationError.self) { try missing.secret(.databaseURL, flag: nil) }
    }
}
