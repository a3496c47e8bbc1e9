import Hummingbird
import SafetyNetStorage

/// Resolves `Authorization: Bearer <token or API key>` to the caller, or refuses with 401.
struct AuthenticationMiddleware: RouterMiddleware {
    let accounts: Accounts

    func handle(
        _ request: Request, context: SafetyNetRequestContext,
        next: (Request, SafetyNetRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let secret = Self.bearerSecret(request) else { throw APIError.unauthenticated }
        guard let principal = try await accounts.principal(forSecret: secret) else {
            throw APIError(.unauthorized, code: "invalid_token", message: "the token is unknown, expired or revoked; sign in again")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "user"] = "\(principal.name)"
        return try await next(request, context)
    }

    static func bearerSecret(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        let secret = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        return secret.isEmpty ? nil : secret
    }
}
