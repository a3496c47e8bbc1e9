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

    /// Decides whether a request upgrades: only the events path, only with a valid token.
    static func shouldUpgrade(
        _ request: HTTPRequest, accounts: Accounts, hub: EventHub
    ) async throws -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard request.path?.split(separator: "?").first.map(String.init) == path,
              let header = request.headerFields[.authorization], header.hasPrefix("Bearer "),
              let principal = try await accounts.principal(forSecret: String(header.dropFirst("Bearer ".count))),
              principal.has(.subscribeEvents) else {
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

    /// The plain HTTP route: tells clients that did not (or could not) upgrade what to do.
    static func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.get("events") { _, _ -> Response in
            throw APIError(.upgradeRequired, code: "websocket_required",
                           message: "open a WebSocket here with a valid bearer token and the subscribe_events permission")
        }
    }
}
