import HTTPTypes
import Hummingbird

/// The operations added so far, in order: what the document is built from.
final class OperationBook {
    private(set) var operations: [APIOperation] = []

    /// Records `operation`.
    func add(_ operation: APIOperation) { operations.append(operation) }
}

/// A route group whose routes are added together with their operation, so that no route exists
/// without its description.
struct DocumentedRoutes {
    typealias Handler<Output: ResponseGenerator> = @Sendable (Request, SafetyNetRequestContext) async throws -> Output

    /// The Hummingbird group the routes go into.
    let group: RouterGroup<SafetyNetRequestContext>
    /// The group's path, e.g. `/api/v1`.
    let prefix: String
    /// Who may call the group's routes.
    let access: APIOperation.Access
    /// Where the operations are recorded.
    let book: OperationBook
    /// Whether the group's POSTs go through the Idempotency-Key middleware (and the document says they take the header).
    var holdsIdempotencyKey = true

    /// Adds `handler` at `path` (relative to the group) for `method`, described by the rest.
    func add<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, parameters: [DocumentedParameter] = [],
        pathSchema: JSONSchema = .formatted("uuid"), body: (any Decodable.Type)? = nil, bodyOptional: Bool = false,
        streamedBody: [String] = [], answers: [APIOperation.Answer], refusals: [HTTPResponse.Status] = [],
        use handler: @escaping Handler<Output>
    ) {
        // A printable answer is asked for with ?format=html.
        let parameters = answers.contains(where: \.alsoHTML) ? parameters + [HTMLTablePage.format.documented] : parameters
        var operation = APIOperation(
            method: method, path: prefix + "/" + path, summary: summary, access: access, parameters: parameters, pathSchema: pathSchema,
            body: body.map { ($0, bodyOptional) }, streamedBody: streamedBody, answers: answers, extraRefusals: refusals)
        operation.holdsIdempotencyKey = holdsIdempotencyKey
        book.add(operation)
        group.on(RouterPath(path), method: method, use: handler)
    }

    /// A GET route.
    func get<Output: ResponseGenerator>(
        _ path: String, _ summary: String, parameters: [DocumentedParameter] = [], pathSchema: JSONSchema = .formatted("uuid"),
        answers: [APIOperation.Answer], refusals: [HTTPResponse.Status] = [], use handler: @escaping Handler<Output>
    ) {
        add(.get, path, summary, parameters: parameters, pathSchema: pathSchema, answers: answers, refusals: refusals, use: handler)
    }

    /// A POST route.
    func post<Output: ResponseGenerator>(
        _ path: String, _ summary: String, pathSchema: JSONSchema = .formatted("uuid"), body: (any Decodable.Type)? = nil,
        bodyOptional: Bool = false, answers: [APIOperation.Answer], refusals: [HTTPResponse.Status] = [],
        use handler: @escaping Handler<Output>
    ) {
        add(.post, path, summary, pathSchema: pathSchema, body: body, bodyOptional: bodyOptional, answers: answers, refusals: refusals, use: handler)
    }

    /// The same group with `middleware` run before its routes.
    @discardableResult
    func add(middleware: any MiddlewareProtocol<Request, Response, SafetyNetRequestContext>) -> DocumentedRoutes {
        group.add(middleware: middleware)
        return self
    }

    /// A group under `path`, with its own middleware.
    func group(_ path: String = "", access: APIOperation.Access? = nil) -> DocumentedRoutes {
        DocumentedRoutes(
            group: group.group(RouterPath(path)), prefix: path.isEmpty ? prefix : prefix + "/" + path,
            access: access ?? self.access, book: book, holdsIdempotencyKey: holdsIdempotencyKey)
    }

    /// The same routes, documented as not taking an Idempotency-Key: for a group kept out of its middleware.
    func withoutIdempotencyKey() -> DocumentedRoutes {
        var routes = self
        routes.holdsIdempotencyKey = false
        return routes
    }
}
