import HTTPTypes

/// The header names SafetyNet uses that HTTPTypes does not name. Each is a literal checked by
/// `OpenAPITests.headerNames` on every test run, so none can fail to parse in a running server.
extension HTTPField.Name {
    /// A client's key for a retryable POST.
    static let idempotencyKey = known("Idempotency-Key")
    /// Set on an answer replayed for a retried key.
    static let idempotentReplayed = known("Idempotent-Replayed")
    /// How much of the address a followed link may carry.
    static let referrerPolicy = known("Referrer-Policy")

    private static func known(_ literal: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(literal) else { preconditionFailure("not a header name: \(literal)") }
        return name
    }
}
