import Foundation
import Hummingbird
import Synchronization

/// Checks every answer against the document: its status must be one the operation lists, and a
/// JSON body must match the schema stated for that status. An answer that strays is replaced by
/// a 500 `contract_violation` naming what strayed, so a test that meets it fails. Switched on for
/// the test suite and for staging (``ServerSettings/checksContract``); it reads every body, so
/// production leaves it off. It runs innermost, so it renders errors itself as the error
/// middleware would.
struct ContractCheckMiddleware: RouterMiddleware {
    /// The document, set once the routes it describes are added (the middleware must be added before them).
    final class DocumentSlot: Sendable {
        let document = Mutex<OpenAPIDocument?>(nil)
    }

    /// Filled by the router once every route is added.
    let slot = DocumentSlot()

    /// Passes the request on and checks what comes back.
    func handle(
        _ request: Request, context: SafetyNetRequestContext, next: (Request, SafetyNetRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let document = slot.document.withLock({ $0 }), let key = document.operationKey(method: request.method, path: request.uri.path),
            let shape = document.shapes[key]
        else {
            return try await next(request, context)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try APIError.answering(error, logger: context.logger).response(from: request, context: context)
        }
        let collected = Collected()
        try await response.body.write(CollectingWriter(into: collected))
        response.body = ResponseBody(byteBuffer: collected.buffer)
        guard let problem = problem(response, body: Data(buffer: collected.buffer), shape: shape, components: document.components) else {
            return response
        }
        context.logger.error("answer breaks the API document", metadata: ["operation": "\(key)", "problem": "\(problem)"])
        return try APIError(.internalServerError, code: "contract_violation", message: "\(key) answered \(response.status.code): \(problem)")
            .response(from: request, context: context)
    }

    private func problem(_ response: Response, body: Data, shape: OpenAPIDocument.Shapes, components: [String: JSONSchema]) -> String? {
        let status = Int(response.status.code)
        let schema: JSONSchema?
        if let answer = shape.answers[status] {
            schema = answer
        } else if shape.refusals.contains(status) {
            schema = .named(APIError.Body.wireName)
        } else {
            return "status \(status) is not documented"
        }
        guard let schema, response.headers[.contentType]?.hasPrefix("application/json") == true else { return nil }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return "the body is not JSON" }
        return schema.problem(in: value, components: components).map { "\($0.field): \($0.message)" }
    }

    /// A body as written so far.
    private final class Collected { var buffer = ByteBuffer() }

    /// Collects a body that is written in pieces.
    private struct CollectingWriter: ResponseBodyWriter {
        let into: Collected

        mutating func write(_ buffer: ByteBuffer) async throws { into.buffer.writeImmutableBuffer(buffer) }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

extension OpenAPIDocument {
    /// The key in ``shapes`` of the operation serving `path`, when one does.
    func operationKey(method: HTTPRequest.Method, path: String) -> String? {
        let segments = path.split(separator: "/")
        return operations.first { operation in
            let template = operation.path.split(separator: "/")
            return operation.method == method && template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map { Self.key($0.method, $0.path) }
    }
}
