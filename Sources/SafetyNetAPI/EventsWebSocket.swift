import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SafetyNetKernel
import SafetyNetStorage

/// `GET /api/v1/events` upgraded to a WebSocket on the same TLS port: after authenticating with
/// `Authorization: Bearer …` (or, from the console's own pages, its session cookie), the client
/// first receives `{"type": "subscribed", "scope", "seq"}` once its subscription is in place
/// (every event after `seq` reaches it), then each event in its scope as a JSON text frame
/// (``PushEvent``: `{"seq", "type", "householdID", "gridCode", "at", …}`) until it closes.
///
/// A client that reconnects passes the last number it saw, `?after=N`, and first receives the
/// events it missed (kept seven days); when it asks for more than is kept it is told so with
/// `{"type": "events.missed", "after", "oldestKept"}` before the replay.
enum EventsWebSocket {
    static let path = "/api/v1/events"

    /// Decides whether a request upgrades: only the events path, only with a valid token and
    /// the permission; a refusal is answered on `channel` as the REST routes would answer it.
    static func shouldUpgrade(
        _ request: HTTPRequest, channel: any Channel, accounts: Accounts, hub: EventHub
    ) async throws -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let (principal, secret): (Principal, String)
        let after: Int64?
        do {
            (principal, secret) = try await subscriber(request, accounts: accounts)
            after = try replayStart(request)
        } catch {
            let refusal = APIError.translating(error) ?? APIError(.serviceUnavailable, code: "unavailable", message: "try again shortly")
            await FirstRequestGuard<HTTP1WebSocketUpgradeChannel>.refuseUpgrade(on: channel, with: refusal)
            return .dontUpgrade
        }
        await FirstRequestGuard<HTTP1WebSocketUpgradeChannel>.keepOpen(channel)
        return .upgrade([:]) { inbound, outbound, _ in
            let (scope, department) = (principal.scope, principal.departmentFilter)
            let events = hub.subscribe(scope: scope, department: department)
            try await outbound.write(.text(#"{"seq":\#(await hub.delivered),"scope":"\#(scope)","type":"subscribed"}"#))
            var last: Int64 = 0
            if let after {
                last = try await replay(after: after, from: hub.log, scope: scope, department: department) { try await outbound.write(.text($0)) }
            }
            let replayed = last
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // An account disabled, a password reset or a sign-out revokes the secret: no
                    // event reaches it after that. Checked at most every two seconds, through the
                    // principal cache, which every process empties on such a change.
                    var checked = ContinuousClock.now
                    for await frame in events where frame.seq > replayed {
                        if ContinuousClock.now - checked > Self.recheck {
                            guard try await accounts.principal(forSecret: secret) != nil else { return }
                            checked = ContinuousClock.now
                        }
                        try await outbound.write(.text(frame.text))
                    }
                }
                group.addTask {
                    for try await _ in inbound {}  // the client sends nothing; this ends when it closes
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// `?after=N`: the last event number a reconnecting client saw.
    static let after = Query.integer("after", in: 0...Int.max, "The last event number the client saw: it first receives those it missed")

    /// `after` from the query: the last event number the client saw.
    private static func replayStart(_ request: HTTPRequest) throws -> Int64? {
        let query = request.path?.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init)
        return try QueryInput(query: query).read(after).map(Int64.init)
    }

    /// Sends the kept events after `after` in the subscriber's scope, oldest first, saying first
    /// when some it asks for are no longer kept; returns the number of the last event read.
    private static func replay(
        after: Int64, from log: EventLog, scope: RegionCode, department: ModuleID?, send: (String) async throws -> Void
    ) async throws -> Int64 {
        let head = try await log.head()
        let oldest = try await log.oldest() ?? head + 1
        if oldest > after + 1, head > after {
            try await send(#"{"after":\#(after),"oldestKept":\#(oldest),"type":"events.missed"}"#)
        }
        // A number past the head (a client of another database) replays nothing and misses nothing live.
        var cursor = min(after, head)
        while true {
            let page = try await log.events(after: cursor, limit: 500).map(PushEvent.init(payload:))
            for event in page where event.isFor(scope: scope, department: department) { try await send(event.json) }
            cursor = page.last?.seq ?? cursor
            if page.count < 500 { return cursor }
        }
    }

    /// How often an open subscription checks that its secret still stands for someone.
    static let recheck: Duration = .seconds(2)

    /// The caller of an upgrade request, who must have a valid token and may subscribe, and the token.
    private static func subscriber(_ request: HTTPRequest, accounts: Accounts) async throws -> (Principal, String) {
        guard request.path?.split(separator: "?").first.map(String.init) == path else {
            throw APIError(.notFound, code: "not_found", message: "WebSockets open only at \(path)")
        }
        let secret = try secret(of: request)
        guard let principal = try await accounts.principal(forSecret: secret) else { throw APIError.unauthenticated }
        try principal.require(.subscribeEvents)
        return (principal, secret)
    }

    /// The token an upgrade request carries: `Authorization: Bearer …`, or the console's session
    /// cookie when the page opening the socket is this server's own. A browser sends the cookie
    /// with any page's WebSocket to this host and always names the page's origin, so a socket
    /// another site opens with the user's cookie is refused.
    private static func secret(of request: HTTPRequest) throws -> String {
        if let header = request.headerFields[.authorization] {
            guard header.hasPrefix("Bearer ") else { throw APIError.unauthenticated }
            return String(header.dropFirst("Bearer ".count))
        }
        let cookies = request.headerFields[values: .cookie].flatMap { $0.split(separator: ";") }
        let prefix = ConsoleSession.cookieName + "="
        guard let cookie = cookies.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix(prefix) }),
            case let secret = String(cookie.dropFirst(prefix.count)), !secret.isEmpty
        else { throw APIError.unauthenticated }
        guard let authority = request.authority, request.headerFields[.origin] == "https://\(authority)" else {
            throw APIError(
                .forbidden, code: "foreign_origin", message: "the session cookie opens the push channel only from the console's own pages")
        }
        return secret
    }

    /// The plain HTTP route, reached when a request did not upgrade: behind authentication like
    /// every route, so a missing or revoked token is a 401 and a role without the permission a
    /// 403; a valid caller is told to open a WebSocket.
    static func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "events", "The push channel: open a WebSocket here (wss://); each text frame is a PushEvent", parameters: [after.documented],
            answers: [], refusals: [.forbidden, .upgradeRequired]
        ) { request, context -> Response in
            try context.requirePrincipal().require(.subscribeEvents)
            _ = try QueryInput(request).read(after)
            throw APIError(.upgradeRequired, code: "websocket_required", message: "open a WebSocket here, e.g. wss://host/api/v1/events")
        }
    }
}
