import Hummingbird
import NIOSSL
import SafetyNetKernel
import SafetyNetStorage

/// Resolves `Authorization: Bearer <token or API key>` to the caller, or refuses with 401.
struct AuthenticationMiddleware: RouterMiddleware {
    let accounts: Accounts

    func handle(
        _ request: Request, context: SafetyNetRequestContext,
        next: (Request, SafetyNetRequestContext) async throws -> Response
    ) async throws -> Response {
        let principal: Principal
        if let secret = Self.bearerSecret(request) {
            guard let found = try await accounts.principal(forSecret: secret) else {
                throw APIError(.unauthorized, code: "invalid_token", message: "the token is unknown, expired or revoked; sign in again")
            }
            principal = found
        } else if let certificate = try? await context.channel.nioSSL_peerCertificate().get(),
            let found = try await accounts.principal(forCertificate: try certificate.toDERBytes())
        {
            principal = found  // mutual TLS: the certificate was verified against the client CA in the handshake
        } else {
            throw APIError.unauthenticated
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
