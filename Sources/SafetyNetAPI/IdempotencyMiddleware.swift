import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SafetyNetStorage

/// Makes POSTs with an `Idempotency-Key` header safe to retry: the request runs in one held
/// database transaction together with its key and its answer (success or a client error), so a
/// retry replays the answer or, when nothing committed, runs the request once. A server error
/// rolls everything back and leaves the key free for another try.
struct IdempotencyMiddleware: RouterMiddleware {
    let store: IdempotencyStore

    /// What the held transaction ends with: a response to send, or a refusal to throw once committed.
    private enum Outcome: Sendable {
        case response(status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8])
        case refusal(APIError)
    }

    func handle(
        _ request: Request, context: SafetyNetRequestContext,
        next: (Request, SafetyNetRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else { return try await next(request, context) }
        guard (1...200).contains(key.count) else {
            throw APIError(.badRequest, code: "invalid_idempotency_key", message: "Idempotency-Key has 1 to 200 characters", field: "Idempotency-Key")
        }
        let user = try context.requirePrincipal().id
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: context.maxUploadSize)
        }
        let fingerprint = Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Array(buffer: body)
        let outcome: Outcome
        do {
            outcome = try await held(request, context: context, next: next, user: user, key: key, fingerprint: fingerprint)
        } catch let failure as ServerFailure {
            outcome = failure.response  // rolled back: sent as it is, and the key stays free
        }
        switch outcome {
        case .response(let status, let headers, let bytes):
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .refusal(let error):
            throw error
        }
    }

    /// A server error's response, thrown to roll the held transaction back.
    private struct ServerFailure: Error { let response: Outcome }

    /// Claims the key and runs the request in one held transaction.
    private func held(
        _ request: Request, context: SafetyNetRequestContext,
        next: (Request, SafetyNetRequestContext) async throws -> Response, user: UUID, key: String, fingerprint: [UInt8]
    ) async throws -> Outcome {
        try await store.holding { () async throws -> Outcome in
            switch try await store.claim(user: user, key: key, request: fingerprint) {
            case .replay(let status, let bytes):
                return .response(
                    status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8", .idempotentReplayed: "true"], body: bytes)
            case .inProgress:
                return .refusal(
                    APIError(
                        .conflict, code: "idempotency_in_progress",
                        message: "the first request with this Idempotency-Key is still running; retry in a few seconds for its answer",
                        headers: [.retryAfter: "2"]))
            case .mismatch:
                return .refusal(
                    APIError(
                        .unprocessableContent, code: "idempotency_key_reused",
                        message: "this Idempotency-Key was used for a different request", field: "Idempotency-Key"))
            case .claimed:
                return try await run(request, context: context, next: next, user: user, key: key)
            }
        }
    }

    /// Runs the request and stores its answer; a server error is thrown, rolling the transaction back.
    private func run(
        _ request: Request, context: SafetyNetRequestContext,
        next: (Request, SafetyNetRequestContext) async throws -> Response, user: UUID, key: String
    ) async throws -> Outcome {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            guard let refusal = APIError.translating(error), refusal.status.code < 500 else { throw error }
            try await store.complete(user: user, key: key, status: refusal.status.code, body: refusal.jsonBody)
            return .refusal(refusal)
        }
        let collector = BodyCollector()
        try await response.body.write(collector)
        guard response.status.code < 500 else {
            throw ServerFailure(response: .response(status: response.status, headers: response.headers, body: collector.box.bytes))
        }
        try await store.complete(user: user, key: key, status: response.status.code, body: collector.box.bytes)
        return .response(status: response.status, headers: response.headers, body: collector.box.bytes)
    }
}

/// Gathers a response body's bytes so they can be stored and sent.
private struct BodyCollector: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var bytes: [UInt8] = [] }
    let box = Box()

    mutating func write(_ buffer: ByteBuffer) async throws { box.bytes += Array(buffer: buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
