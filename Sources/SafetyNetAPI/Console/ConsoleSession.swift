import Crypto
import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The console's session: the same session token the API issues, kept in a cookie the page's
/// scripts cannot read (HttpOnly), sent only over HTTPS (Secure) and never with a request another
/// site starts (SameSite=Strict); and a form token derived from it that every form sends back.
enum ConsoleSession {
    /// The cookie holding the session token. `__Host-`: browsers take it only if it is Secure,
    /// for the whole site and from this host alone, so no neighbouring subdomain can plant one.
    static let cookieName = "__Host-safetynet_session"
    /// The cookie holding the sign-in form's token until the user is signed in.
    static let signInCookieName = "__Host-safetynet_signin"

    /// The token a signed-in page's forms carry: derived from the session token, so it needs no
    /// storage, differs per session, and reveals nothing of the token.
    static func formToken(forSession secret: String) -> String {
        Hex.encode(SHA256.hash(data: Array("safetynet-console-form\u{0}\(secret)".utf8)))
    }

    /// A fresh random token for the sign-in form.
    static func newSignInToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The cookie carrying `secret`, until `expires` when the session has an end.
    static func cookie(_ secret: String, expires: Date?) -> Cookie {
        Cookie(name: cookieName, value: secret, expires: expires, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }

    /// The sign-in form's token cookie.
    static func signInCookie(_ token: String) -> Cookie {
        Cookie(name: signInCookieName, value: token, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }

    /// A cookie named `name` that the browser forgets at once.
    static func expired(_ name: String) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }
}

/// Resolves the session cookie to the caller, exactly as a bearer token is resolved for the API;
/// without a valid session a page answers with the way to the sign-in form.
struct ConsoleSessionMiddleware: RouterMiddleware {
    let accounts: Accounts

    func handle(
        _ request: Request, context: SafetyNetRequestContext, next: (Request, SafetyNetRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let secret = request.cookies[ConsoleSession.cookieName]?.value, !secret.isEmpty,
            let principal = try await accounts.principal(forSecret: secret)
        else {
            return Response.seeOther("/signin")
        }
        var context = context
        context.principal = principal
        context.consoleSecret = secret
        context.logger[metadataKey: "user"] = "\(principal.name)"
        return try await next(request, context)
    }
}

extension Response {
    /// 303 See Other to `location`: where a page or a sent form goes next.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// This page, showing a refused form again with what was wrong: 422 Unprocessable Content.
    func refusingForm() -> Response {
        var refused = self
        refused.status = .unprocessableContent
        return refused
    }
}
