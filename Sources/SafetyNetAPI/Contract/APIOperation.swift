import HTTPTypes
import Hummingbird

/// One operation as the router serves it and the document describes it, declared once where
/// the route is added: method, path, body type, answers and the refusals it can give.
struct APIOperation: Sendable {
    /// Who may call it.
    enum Access: Sendable {
        /// Anyone, without a token.
        case open
        /// A signed-in caller (a session token, an API key or a client certificate).
        case signedIn
    }

    /// One answer: its status, what it carries and what it means.
    struct Answer: Sendable {
        /// The HTTP status.
        let status: HTTPResponse.Status
        /// The JSON body's type; nil for none.
        let body: (any Decodable.Type)?
        /// What the answer means.
        let description: String
        /// `?format=html` gives the same answer as a printable page.
        var alsoHTML = false

        /// 200 with `body`.
        static func ok(_ body: (any Decodable.Type), _ description: String) -> Answer { Answer(status: .ok, body: body, description: description) }
        /// 201 with `body`.
        static func created(_ body: (any Decodable.Type), _ description: String) -> Answer {
            Answer(status: .created, body: body, description: description)
        }
        /// 204 without a body.
        static func noContent(_ description: String) -> Answer { Answer(status: .noContent, body: nil, description: description) }
        /// The same answer, also printable.
        var printable: Answer {
            var answer = self
            answer.alsoHTML = true
            return answer
        }
    }

    /// The HTTP method.
    let method: HTTPRequest.Method
    /// The full path, parameters in braces: `/api/v1/households/{id}`.
    let path: String
    /// One line on what it does, for the document.
    let summary: String
    /// Who may call it.
    let access: Access
    /// The query parameters it reads.
    let parameters: [DocumentedParameter]
    /// The schema of the path's parameter (`{id}`, `{year}`): a UUID unless said otherwise.
    var pathSchema: JSONSchema = .formatted("uuid")
    /// The request body's type, and whether the body may be left out.
    let body: (type: any Decodable.Type, optional: Bool)?
    /// For an upload read as it streams in (not JSON, not held for idempotency): the media types
    /// it takes. Such a route is made safe to retry by its own id, not by `Idempotency-Key`.
    var streamedBody: [String] = []
    /// Its successful answers (and `/health`'s 503).
    let answers: [Answer]
    /// Refusals beyond those every such operation can give (see ``refusals``).
    let extraRefusals: [HTTPResponse.Status]

    /// False for a route kept out of the Idempotency-Key middleware (its body carries a password).
    var holdsIdempotencyKey = true

    /// Whether a retry may send an `Idempotency-Key` (signed-in POSTs), with the refusals that brings.
    var takesIdempotencyKey: Bool { access == .signedIn && method == .post && streamedBody.isEmpty && holdsIdempotencyKey }

    /// Every refusal the operation can answer: those its shape implies (a body, a path id, a
    /// query, being signed in, a retryable POST) and those it declares.
    var refusals: [HTTPResponse.Status] {
        var statuses = Set(extraRefusals)
        if body != nil { statuses.formUnion([.badRequest, .contentTooLarge, .unprocessableContent]) }
        if !streamedBody.isEmpty { statuses.formUnion([.unsupportedMediaType, .unprocessableContent]) }
        if path.contains("{id}") { statuses.insert(.notFound) }
        if !parameters.isEmpty { statuses.insert(.unprocessableContent) }
        if access == .signedIn { statuses.formUnion([.unauthorized, .serviceUnavailable]) }
        // A bad key, the first request still running, a body too large to hold, the key used for another request.
        if takesIdempotencyKey { statuses.formUnion([.badRequest, .conflict, .contentTooLarge, .unprocessableContent]) }
        return statuses.sorted { $0.code < $1.code }
    }
}
