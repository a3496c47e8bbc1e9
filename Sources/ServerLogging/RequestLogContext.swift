import Logging

/// The request a task serves, for log lines written by code that holds no request context (a
/// store's own logger, say): set around each request, and added to every line by
/// ``metadataProvider`` under the key Hummingbird's request logger uses.
public enum RequestLogContext {
    /// The current request's id; nil outside a request.
    @TaskLocal public static var requestID: String?

    /// The metadata key of the request id, as Hummingbird names it.
    public static let key = "hb.request.id"

    /// Adds the current request's id to every log line written while it is served.
    public static let metadataProvider = Logger.MetadataProvider {
        requestID.map { [key: .string($0)] } ?? [:]
    }
}
