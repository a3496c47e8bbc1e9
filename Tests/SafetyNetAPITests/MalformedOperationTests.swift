import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SafetyNetAPI

/// Issue 11: for every operation in the OpenAPI document, malformed values in each path and
/// query parameter and each body field (wrong type, empty, huge, NUL, an unknown word, a
/// non-UUID id, null) get a 4xx answer with the JSON error, never a 5xx, and the server stays up.
@Suite("Malformed values for every operation")
struct MalformedOperationTests {
    typealias JSON = [String: Any]

    /// The document, with `$ref`s followed on demand.
    struct Document {
        let root: JSON

        init() throws {
            root = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPITests.document().json.utf8)) as? JSON)
        }

        func resolve(_ node: Any?) -> JSON {
            guard let node = node as? JSON else { return [:] }
            // An optional field is "the schema, or null": the schema counts.
            if let choices = node["anyOf"] as? [JSON], let schema = choices.first(where: { $0["type"] as? String != "null" }) {
                return resolve(schema)
            }
            guard let reference = node["$ref"] as? String else { return node }
            let path = reference.dropFirst(2).split(separator: "/").map(String.init)
            return resolve(path.reduce(root as Any?) { ($0 as? JSON)?[$1] })
        }

        /// Every operation: method, path template, parameters and the body's properties.
        var operations: [(method: HTTPRequest.Method, path: String, parameters: [JSON], properties: [String: JSON])] {
            let paths = root["paths"] as? [String: JSON] ?? [:]
            return paths.sorted { $0.key < $1.key }.flatMap { path, operations in
                operations.sorted { $0.key < $1.key }.compactMap { verb, operation -> (HTTPRequest.Method, String, [JSON], [String: JSON])? in
                    guard let method = HTTPRequest.Method(verb.uppercased()), ["GET", "POST", "PUT", "DELETE"].contains(verb.uppercased()) else {
                        return nil
                    }
                    let operation = resolve(operation)
                    let parameters = (operation["parameters"] as? [Any] ?? []).map(resolve)
                    let body = resolve(resolve(resolve(operation["requestBody"])["content"] as Any?)["application/json"] as Any?)
                    let schema = resolve(body["schema"])
                    let properties = (schema["properties"] as? [String: Any] ?? [:]).mapValues(resolve)
                    return (method, path, parameters, properties)
                }
            }
        }
    }

    /// A plausible value for a schema, so that the one malformed field is what the server meets.
    static func plausible(_ schema: JSON) -> Any {
        if let values = schema["enum"] as? [Any], let first = values.first { return first }
        switch schema["type"] as? String {
        case "integer", "number": return 1
        case "boolean": return true
        case "array": return [Any]()
        case "object": return JSON()
        default:
            switch schema["format"] as? String {
            case "uuid": return UUID().uuidString
            case "date": return "2026-06-01"
            case "date-time": return "2026-06-01T09:00:00+08:00"
            default: return "测试"
            }
        }
    }

    /// Values no field should take as they are.
    static var malformedValues: [Any] {
        [12_345, "", String(repeating: "长", count: 200_000), "a\u{0}b", "no-such-word", "not-a-uuid", NSNull(), ["nested": true], -1]
    }

    /// Query and path values no parameter should take.
    static let malformedParameters = ["", "%00", "not-a-uuid", "-1", "99999999999999999999999", "no-such-word", String(repeating: "x", count: 4_000)]

    @Test("no malformed value gets a 5xx or a non-JSON refusal, and the server answers after")
    func everyOperation() async throws {
        try await APITestDistrict.with { district in
            let document = try Document()
            // A grid worker's own household, so that scope checks let the values through to validation.
            let household = try district.household(inGrid: AccessTests.ownGrid).id.uuidString
            var checked = 0
            // Each role reaches other routes past the permission check: the admin, a town, a grid worker, an officer.
            for login in ["admin", "town", "grid", "medical"] {
                let token = try await district.token(login)
                for operation in document.operations where operation.path != "/api/v1/events" {
                    let pathParameters = operation.parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                    func path(with value: String? = nil, for name: String? = nil) -> String {
                        pathParameters.reduce(operation.path) { path, parameter in
                            let filled =
                                parameter == name
                                ? (value ?? "")
                                : (parameter == "year" ? "2026" : parameter == "id" && operation.path.contains("modules") ? "education" : household)
                            return path.replacingOccurrences(of: "{\(parameter)}", with: filled)
                        }
                    }
                    let validBody = operation.properties.mapValues(Self.plausible)
                    var attempts: [(String, Any?)] = []
                    for name in pathParameters {
                        attempts += Self.malformedParameters.map { (path(with: $0, for: name), operation.properties.isEmpty ? nil : validBody) }
                    }
                    for parameter in operation.parameters where parameter["in"] as? String == "query" {
                        guard let name = parameter["name"] as? String else { continue }
                        attempts += Self.malformedParameters.map { ("\(path())?\(name)=\($0)", operation.properties.isEmpty ? nil : validBody) }
                    }
                    for field in operation.properties.keys.sorted() {
                        attempts += Self.malformedValues.map { value in
                            var body = validBody
                            body[field] = value
                            return (path(), body)
                        }
                    }
                    if operation.method != .get { attempts += [(path(), "{\"unterminated\": "), (path(), "[1, 2]"), (path(), "null")] }
                    for (target, body) in attempts {
                        let reply = try await district.call(operation.method, target, token: token, body: body)
                        checked += 1
                        let label = "\(login): \(operation.method) \(target.prefix(120)) \(String(describing: body).prefix(120))"
                        #expect(reply.status.code < 500, "\(label): \(reply.status) \(reply.text.prefix(300))")
                        if reply.status.code >= 400 {
                            #expect(reply.json["code"] is String && reply.json["message"] is String, "\(label): \(reply.text.prefix(300))")
                        }
                    }
                }
            }
            #expect(checked > 4_000, "only \(checked) requests were made: is the document read?")
            let health = try await district.call(.get, "/health")
            #expect(health.status == .ok, "\(health.text)")
        }
    }
}
