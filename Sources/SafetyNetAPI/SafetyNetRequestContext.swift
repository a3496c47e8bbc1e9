import Foundation
import Hummingbird
import NIOCore
import SafetyNetKernel

/// The request context of every SafetyNet route: the caller, once authenticated, and where the
/// request came from, for the audit log.
public struct SafetyNetRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; set by the authentication middleware.
    public var principal: Principal?
    /// The session token of a console page's caller, from its cookie; nil for the API.
    var consoleSecret: String?
    /// The client's address, e.g. `127.0.0.1`.
    public let remoteAddress: String?
    /// The connection, for its TLS client certificate.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        principal = nil
        consoleSecret = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress
        channel = source.channel
    }

    /// Request bodies above 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    /// Responses are JSON with ISO 8601 dates and sorted keys.
    public var responseEncoder: JSONEncoder { StrictJSON.encoder }

    /// The caller, or a 401 when the route was reached without authentication.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthenticated }
        return principal
    }

    /// The record id in the path (`{id}`); text that is no id names no record, so a 404.
    func pathID() throws -> UUID {
        guard let id = parameters.get("id", as: UUID.self) else {
            throw APIError(.notFound, code: "not_found", message: "no record has this id: ids are UUIDs such as 0F8FAD5B-D9CB-469F-A165-70867728950E")
        }
        return id
    }
}
