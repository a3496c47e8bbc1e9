import HTTPTypes
import Hummingbird

/// Headers every answer carries, errors included: HTTPS only from now on (HSTS), no content-type
/// guessing, nothing kept in caches (answers hold personal data), and on printable pages a
/// content security policy that allows their inline style and nothing else (the console's pages
/// bring their own).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for field in SecurityHeaders.common where response.headers[field.name] == nil { response.headers.append(field) }
        if response.headers[.contentType]?.hasPrefix("text/html") == true, response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = SecurityHeaders.pagePolicy
        }
        return response
    }
}

/// The headers ``SecurityHeadersMiddleware`` adds, made once.
enum SecurityHeaders {
    static let common: HTTPFields = [
        .strictTransportSecurity: "max-age=31536000", .xContentTypeOptions: "nosniff", .cacheControl: "no-store",
        .referrerPolicy: "no-referrer",
    ]

    /// Printable pages: their inline style and nothing else.
    static let pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}
