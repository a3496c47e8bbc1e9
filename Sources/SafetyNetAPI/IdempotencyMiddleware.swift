import Foundation
import HTTPTypes
import Hummingbird
import SafetyNetStorage

/// Makes POSTs with an `Idempotency-Key` header safe to retry: the first outcome (success or a
/// client error) is stored and replayed; a server error gives the key back for another try.
struct IdempotencyMiddleware: RouterMiddleware {
    let store: IdempotencyStore
    static let header = HTTPField.Name("Idempotency-Key")!

    func handle(
        _ request: Request, context: SafetyNetRequestContext,
        next: (Request, SafetyNetRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header] else { return try await next(request, context) }
        guard (1...200).contains(key.count) else {
            throw APIError(.badRequest, code: "invalid_idempotency_key", message: "Idempotency-Key has 1 to 200 characters", field: "Idempotency-Key")
        }
        let user = try context.requirePrincipal().id
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let fingerprint = Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Array(buffer: body)
        switch try await store.claim(user: user, key: key, request: fingerprint) {
        case .replay(let status, let bytes):
            return Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8", Self.replayed: "true"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .inProgress:
            throw APIError(.conflict, code: "idempotency_in_progress",
                           message: "a request with this Idempotency-Key is running or ended without an answer; check its effect before retrying with a new key")
        case .mismatch:
            throw APIError(.unprocessableContent, code: "idempotency_key_reused",
                           message: "this Idempotency-Key was used for a different request", field: "Idempotency-Key")
        case .claimed:
            return try await run(request, context: context, next: next, user: user, key: key)
        }
    }

    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    private func run(
        _ request: Request, context: SafetyNetRequestContext,
        next: (Request, SafetyNetRequestContext) async throws -> Response, user: UUID, key: String
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.translating(error)
            if let apiError, apiError.status.code < 500 {
                try await store.complete(user: user, key: key, status: apiError.status.code, body: apiError.jsonBody)
            } else {
                try? await store.release(user: user, key: key)
            }
            throw error
        }
        guard response.status.code < 500 else {
            try? await store.release(user: user, key: key)
            return response
        }
        let collector = BodyCollector()
        try await response.body.write(collector)
        try await store.complete(user: user, key: key, status: response.status.code, body: collector.box.bytes)
        var replayable = response
        replayable.body = .init(byteBuffer: ByteBuffer(bytes: collector.box.bytes))
        return replayable
    }
}

/// Gathers a response body's bytes so they can be stored and sent.
private struct BodyCollector: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var bytes: [UInt8] = [] }
    let box = Box()

    mutating func write(_ buffer: ByteBuffer) async throws { box.bytes += Array(buffer: buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
