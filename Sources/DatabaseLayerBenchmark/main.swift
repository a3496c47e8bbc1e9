import Foundation
import PostgresClient

// The database layer alone, without HTTP: how many of pgbench's statements the pool runs per
// second from many concurrent tasks, on the tables benchmarks/run creates. Prints one line,
// "select-by-key <q/s> visit-transaction <tx/s>", for benchmarks/run to set beside pgbench.
//
//   DatabaseLayerBenchmark URL HOUSEHOLDS SECONDS [TASKS]

let arguments = CommandLine.arguments
guard arguments.count >= 4, let households = Int(arguments[2]), let seconds = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: DatabaseLayerBenchmark URL HOUSEHOLDS SECONDS [TASKS]\n".utf8))
    exit(64)
}
let tasks = arguments.count > 4 ? Int(arguments[4]) ?? 64 : 64
let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration(arguments[1]), maximumConnections: 8))

/// A benchmark that cannot measure what it was asked to.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs `work` from `tasks` concurrent tasks for `seconds` and returns how many runs finished per second.
func rate(_ work: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
    let deadline = ContinuousClock.now + .seconds(seconds)
    let start = ContinuousClock.now
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for task in 0..<tasks {
            group.addTask {
                var count = 0
                while ContinuousClock.now < deadline {
                    try await work(task &* 7919 &+ count)
                    count += 1
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - start
    return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

let select = try await rate { n in
    let rows = try await pool.query(
        "SELECT id, grid_code, address, status, risk_level, last_visit_at, created_at FROM bench_household WHERE id = \(n % households + 1)")
    guard rows.count == 1 else { throw BenchmarkFailure(message: "bench_household has no row \(n % households + 1): run benchmarks/run") }
}
let visit = try await rate { n in
    let household = n % households + 1
    try await pool.transaction { connection in
        try connection.query(
            """
            INSERT INTO bench_visit (id, household_id, kind, visited_at, findings, recorded_by)
            VALUES (gen_random_uuid(), \(household), 'home', now(), '入户走访，家中生活正常', 1)
            """)
        try connection.query("UPDATE bench_household SET last_visit_at = now() WHERE id = \(household)")
        try connection.query(
            """
            INSERT INTO bench_audit (at, actor, action, subject, detail) VALUES (now(), 1, 'visit.record', \(household), '{"kind": "home"}')
            """)
    }
}
try await pool.shutdown()
print(String(format: "select-by-key %.1f visit-transaction %.1f", select, visit))
