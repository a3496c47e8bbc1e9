extension Optional {
    /// The value, or `error` thrown when there is none: for rows read back after a write, which a
    /// concurrent change may have removed, so that a missing row is a refusal and never a crash.
    func required(or error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
