import Foundation
import HTTPTypes
import Hummingbird

/// The OpenAPI 3.1 description of every route, served at `/openapi.json`: built from the
/// operations the routes were added with and the Swift types they decode and answer, so a field,
/// a word of an enum, a status or a limit cannot change in the code without changing here.
struct OpenAPIDocument: Sendable {
    /// Every operation, in the order the routes were added.
    let operations: [APIOperation]
    /// Named schemas by name.
    let components: [String: JSONSchema]
    /// Each operation's request body and answers, by `"METHOD path"`.
    let shapes: [String: Shapes]
    /// The document's JSON text.
    let json: String

    /// What one operation takes and answers.
    struct Shapes: Sendable {
        let body: JSONSchema?
        let answers: [Int: JSONSchema?]
        let refusals: Set<Int>
    }

    /// Records every type `operations` use and writes the document.
    init(operations: [APIOperation]) throws {
        let recorder = SchemaRecorder()
        var shapes: [String: Shapes] = [:]
        for operation in operations {
            let answers = try operation.answers.map { answer in (Int(answer.status.code), try answer.body.map(recorder.schema(of:))) }
            shapes[Self.key(operation.method, operation.path)] = Shapes(
                body: try operation.body.map { try recorder.schema(of: $0.type) },
                answers: Dictionary(answers, uniquingKeysWith: { first, _ in first }),
                refusals: Set(operation.refusals.map { Int($0.code) }))
        }
        _ = try recorder.schema(of: APIError.Body.self)
        _ = try recorder.schema(of: PushEvent.self)
        self.operations = operations
        self.components = recorder.components
        self.shapes = shapes
        let root: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "SafetyNet", "version": "0.1.0", "description": Self.introduction],
            "servers": [["url": "https://127.0.0.1:8443"]],
            "security": [["bearer": [String]()], ["clientCertificate": [String]()]],
            "paths": Self.paths(operations, shapes: shapes),
            "components": [
                "schemas": recorder.components.mapValues(\.json),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "a session token from POST /api/v1/sessions, or an API key"],
                    "clientCertificate": ["type": "mutualTLS", "description": "a client certificate issued to a department system"],
                ],
            ],
        ]
        let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
        json = String(decoding: data, as: UTF8.self)
    }

    /// The key of an operation in ``shapes``.
    static func key(_ method: HTTPRequest.Method, _ path: String) -> String { "\(method.rawValue) \(path)" }

    static let introduction = """
        District social-assistance registry: regions, households, persons, the monitoring ledger, visits, \
        applications and referrals with their legal time limits, and supervision. Every route but /health, \
        /openapi.json and POST /api/v1/sessions needs `Authorization: Bearer <token or API key>` or a client \
        certificate. ID and phone numbers are masked in every answer except /persons/{id}/identity, whose reads \
        are audited. POSTs accept an Idempotency-Key header: a retry with the same key gets the first answer. \
        Errors are {code, message, field}. Push events (GET /api/v1/events as a WebSocket) are PushEvent objects.
        """

    private static func paths(_ operations: [APIOperation], shapes: [String: Shapes]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            guard let shape = shapes[key(operation.method, operation.path)] else { continue }
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = Self.operation(operation, shape)
        }
        return paths
    }

    private static func operation(_ operation: APIOperation, _ shape: Shapes) -> [String: Any] {
        var node: [String: Any] = [
            "operationId": operationID(operation), "summary": operation.summary,
            "responses": responses(operation, shape),
        ]
        if operation.access == .open { node["security"] = [[String: Any]]() }
        let parameters =
            pathParameters(operation)
            + operation.parameters.map { parameter -> [String: Any] in
                ["name": parameter.name, "in": "query", "schema": parameter.schema.json, "description": parameter.description]
            } + (operation.takesIdempotencyKey ? [idempotencyKey] : [])
        if !parameters.isEmpty { node["parameters"] = parameters }
        if let body = operation.body, let schema = shape.body {
            node["requestBody"] = ["required": !body.optional, "content": ["application/json": ["schema": schema.json]]]
        }
        if !operation.streamedBody.isEmpty {
            let text: [String: Any] = ["schema": ["type": "string"]]
            node["requestBody"] = ["required": true, "content": Dictionary(uniqueKeysWithValues: operation.streamedBody.map { ($0, text) })]
        }
        return node
    }

    private static func responses(_ operation: APIOperation, _ shape: Shapes) -> [String: Any] {
        var responses: [String: Any] = [:]
        for answer in operation.answers {
            var content: [String: Any] = [:]
            if let schema = shape.answers[Int(answer.status.code)] ?? nil { content["application/json"] = ["schema": schema.json] }
            if answer.alsoHTML { content["text/html"] = ["schema": ["type": "string"]] }
            responses["\(answer.status.code)"] =
                content.isEmpty ? ["description": answer.description] : ["description": answer.description, "content": content]
        }
        for status in operation.refusals {
            responses["\(status.code)"] = [
                "description": refusalDescriptions[status.code] ?? status.reasonPhrase,
                "content": ["application/json": ["schema": JSONSchema.named(APIError.Body.wireName).json]],
            ]
        }
        return responses
    }

    private static let refusalDescriptions: [Int: String] = [
        400: "Malformed: not JSON, or a bad Idempotency-Key", 401: "No valid token or certificate",
        403: "The caller's role or scope does not allow it", 404: "No such record in the caller's reach",
        409: "The record's state does not allow it, or a retry is still running", 413: "The body is over 1 MiB",
        415: "The body's Content-Type is not one the operation reads",
        422: "A field or parameter is not acceptable: `field` names it", 426: "Open a WebSocket here",
        429: "Too many attempts: wait Retry-After seconds", 503: "The database is unavailable, or the server is busy",
    ]

    private static var idempotencyKey: [String: Any] {
        [
            "name": "Idempotency-Key", "in": "header", "required": false,
            "schema": ["type": "string", "minLength": 1, "maxLength": 200],
            "description": "Any unique text; a retry with the same key and body gets the first answer",
        ]
    }

    private static func pathParameters(_ operation: APIOperation) -> [[String: Any]] {
        operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { segment in
            let name = String(segment.dropFirst().dropLast())
            return ["name": name, "in": "path", "required": true, "schema": operation.pathSchema.json]
        }
    }

    private static func operationID(_ operation: APIOperation) -> String {
        let words = operation.path.split(separator: "/").filter { $0 != "api" && $0 != "v1" }.map { segment in
            segment.hasPrefix("{") ? "By" + segment.dropFirst().dropLast().capitalized : segment.split(separator: "-").map(\.capitalized).joined()
        }
        return operation.method.rawValue.lowercased() + words.joined()
    }

    /// `GET /openapi.json` as the document describes it.
    static let operation = APIOperation(
        method: .get, path: "/openapi.json", summary: "This document", access: .open, parameters: [], body: nil,
        answers: [APIOperation.Answer(status: .ok, body: nil, description: "OpenAPI 3.1")], extraRefusals: [])

    /// `GET /openapi.json`.
    func addRoute<Context: RequestContext>(to router: Router<Context>) {
        let text = json
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
