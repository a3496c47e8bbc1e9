import PostgresClient

extension PostgresConnection {
    /// The memory each sort and hash of this transaction may use before it spills to temporary
    /// files: enough for a district's year of figures or a million-row batch's alert rules.
    static let largeWorkMemory = "64MB"

    /// Lets the rest of this transaction sort and group large sets in memory (``largeWorkMemory``).
    func useLargeWorkMemory() throws {
        try execute(script: "SET LOCAL work_mem = '\(Self.largeWorkMemory)'")
    }
}
