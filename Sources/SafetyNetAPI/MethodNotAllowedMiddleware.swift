import HTTPTypes
import Hummingbird

/// Answers 405 with `Allow` when the path is a route but not for this method (TRACE on a
/// household, say), so a client learns the method is wrong rather than the path. Added to the
/// router after every route, it only sees requests the router could not match.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route's path segments (`nil` for a capture such as `{id}`) and its methods.
    private let routes: [(segments: [String?], methods: [HTTPRequest.Method])]

    /// Reads the routes of `router`, which must be complete.
    init(routes: [Router<Context>.RouteDescription]) {
        let grouped = Dictionary(grouping: routes, by: { $0.path.description })
        self.routes = grouped.map { path, routes in
            (Self.segments(path).map { $0.hasPrefix("{") || $0.hasPrefix(":") || $0.hasPrefix("*") ? nil : $0 }, routes.map(\.method))
        }
    }

    private static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let asked = Self.segments(request.uri.path)
            let allowed = routes.filter { route in
                route.segments.count == asked.count && zip(route.segments, asked).allSatisfy { $0 == nil || $0 == $1 }
            }.flatMap(\.methods)
            guard !allowed.isEmpty else { throw error }
            let names = Set(allowed.map(\.rawValue)).sorted()
            throw APIError(
                .methodNotAllowed, code: "method_not_allowed",
                message: "\(request.method.rawValue) is not allowed here; use \(names.joined(separator: " or "))",
                headers: [.allow: names.joined(separator: ", ")])
        }
    }
}
