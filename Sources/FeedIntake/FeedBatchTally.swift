/// The running counts of a batch being read, and its first problems: what a progress line, a
/// check before upload and a batch's report show. Holds at most ``problemLimit`` problems however
/// many rows are refused.
public struct FeedBatchTally: Sendable, Hashable {
    /// Rows read (blank lines are not rows).
    public private(set) var rows = 0
    /// Rows whose every field was read.
    public private(set) var accepted = 0
    /// Rows refused.
    public private(set) var refused = 0
    /// The first problems, in row order.
    public private(set) var problems: [FeedRowProblem] = []
    /// How many problems are kept.
    public let problemLimit: Int

    /// An empty tally keeping up to `problemLimit` problems.
    public init(problemLimit: Int = 100) { self.problemLimit = problemLimit }

    /// Counts `outcomes` in.
    public mutating func add(_ outcomes: [FeedRowOutcome]) {
        for outcome in outcomes {
            rows += 1
            switch outcome {
            case .accepted: accepted += 1
            case .refused(_, let rowProblems):
                refused += 1
                problems += rowProblems.prefix(problemLimit - problems.count)
            }
        }
    }
}
