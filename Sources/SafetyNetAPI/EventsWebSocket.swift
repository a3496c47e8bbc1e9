import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SafetyNetKernel
import SafetyNetStorage

/// `GET /api/v1/events` upgraded to a WebSocket on the same TLS port: after authenticating with
/// `Authorization: Bearer …`, the client first receives `{"type": "subscribed", "scope"}` once
/// its subscription is in place (every event committed after that frame reaches it), then each
/// registry event in its scope as a JSON text frame (`{"type", "householdID", "gridCode",
/// "riskLevel", "at"}`) until it closes.
enum EventsWebSocket {
    static let path = "/api/v1/events"

    /// Decides whether a request upgrades: only the events path, only with a valid token and
    /// the permission; a refusal is answered on `channel` as the REST routes would answer it.
    static func shouldUpgrade(
        _ request: HTTPRequest, channel: any Channel, accounts: Accounts, hub: EventHub
    ) async throws -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let principal: Principal
        do {
            principal = try await subscriber(request, accounts: accounts)
        } catch {
            let refusal = APIError.translating(error) ?? APIError(.serviceUnavailable, code: "unavailable", message: "try again shortly")
            await FirstRequestGuard<HTTP1WebSocketUpgradeChannel>.refuseUpgrade(on: channel, with: refusal)
            return .dontUpgrade
        }
        return .upgrade([:]) { inbound, outbound, _ in
            let events = hub.subscribe(scope: principal.scope, department: principal.departmentFilter)
            try await outbound.write(.text(#"{"type":"subscribed","scope":"\#(principal.scope)"}"#))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events { try await outbound.write(.text(event)) }
                }
                group.addTask {
                    for try await _ in inbound {}  // the client sends nothing; this ends when it closes
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// The caller of an upgrade request, who must have a valid token and may subscribe.
    private static func subscriber(_ request: HTTPRequest, accounts: Accounts) async throws -> Principal {
        guard request.path?.split(separator: "?").first.map(String.init) == path else {
            throw APIError(.notFound, code: "not_found", message: "WebSockets open only at \(path)")
        }
        guard let header = request.headerFields[.authorization], header.hasPrefix("Bearer "),
              let principal = try await accounts.principal(forSecret: String(header.dropFirst("Bearer ".count))) else {
            throw APIError.unauthenticated
        }
        try principal.require(.subscribeEvents)
        return principal
    }

    /// The plain HTTP route, reached when a request did not upgrade: behind authentication like
    /// every route, so a missing or revoked token is a 401 and a role without the permission a
    /// 403; a valid caller is told to open a WebSocket.
    static func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.get("events") { _, context -> Response in
            try context.requirePrincipal().require(.subscribeEvents)
            throw APIError(.upgradeRequired, code: "websocket_required", message: "open a WebSocket here, e.g. wss://host/api/v1/events")
        }
    }
}
