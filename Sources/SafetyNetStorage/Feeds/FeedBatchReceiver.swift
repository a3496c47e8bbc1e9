import FeedIntake
import Foundation
import SafetyNetKernel

/// Receives one batch as its bytes stream in: rows are read as they complete and stored in chunks
/// while the next ones are read, so memory holds two chunks at most whatever the batch's size.
public struct FeedBatchReceiver: Sendable {
    let store: FeedBatchStore
    /// "Now" for the batch's times, and the day ID numbers may not be born after.
    public let clock: any WallClock
    /// Uploads received at once: each holds up to three chunks of rows and two pooled connections,
    /// so a quarter of the pool's connections (at least two uploads): the rest stay free for every
    /// other request. The caller turns away one more.
    public let uploads: AdmissionLimit

    /// Rows stored per transaction: large enough that a round trip is noise, small enough that
    /// a chunk's rows take a few megabytes.
    static let chunkRows = 5_000
    /// The body's bytes a chunk's rows may come from: rows of 64 KB each (the most a row may
    /// be) would make 5,000 rows over 300 MB, so a chunk of long rows goes with fewer.
    static let chunkBytes = 4 << 20
    /// Chunks stored at once: while one waits on PostgreSQL the next is staged, and the reader runs ahead.
    static let chunksInFlight = 2
    /// The least time between two progress events of one batch.
    static let progressInterval: Duration = .seconds(1)

    /// Creates the receiver; `clock` dates the batch and decides which ID numbers are from the future.
    public init(store: FeedBatchStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
        self.uploads = AdmissionLimit(max(2, store.pool.configuration.maximumConnections / (2 * Self.chunksInFlight)))
    }

    /// Reads `body` into the batch of `ticket` and ends it: done, or refused when it cannot be read
    /// (or a row is bad under all-or-nothing). When `body` fails (the upload was cut off) the
    /// batch is marked interrupted and ``FeedBatchStoreError/cutOff(_:)`` thrown.
    public func receive<Body: AsyncSequence>(_ body: Body, into ticket: FeedBatchTicket, by sender: Principal) async throws -> FeedBatchView
    where Body.Element: Collection<UInt8> {
        var reader: FeedBatchReader
        do {
            reader = try FeedBatchReader(
                feed: ticket.request.feed, format: ticket.request.format, encoding: ticket.request.encoding,
                today: WorkingCalendar.day(of: clock.now()))
        } catch {
            return try await store.refuse(ticket, code: error.code, message: error.description, by: sender, now: clock.now())
        }
        var writer = ChunkWriter(store: store, ticket: ticket, clock: clock)
        var bytes = body.makeAsyncIterator()
        do {
            while let chunk = try await Self.next(&bytes) {
                try await writer.add(try reader.read(chunk), from: chunk.count, ignoredColumns: reader.ignoredColumns, final: false)
            }
            try await writer.add(try reader.finish(), from: 0, ignoredColumns: reader.ignoredColumns, final: true)
            return try await store.finish(ticket, by: sender, now: clock.now())
        } catch let error as FeedBatchError {
            try? await writer.settle()
            return try await store.refuse(ticket, code: error.code, message: error.description, by: sender, now: clock.now())
        } catch is BodyFailure {
            try? await writer.settle()
            try await store.interrupt(ticket, now: clock.now())
            throw FeedBatchStoreError.cutOff(ticket.id)
        } catch {
            // The store failed, storing a chunk or finishing (raising the alerts): no chunk left
            // writing behind the answer, and the batch not left looking as if it were still
            // arriving. Its stored rows wait; sent again, it starts over.
            try? await writer.settle()
            try? await store.interrupt(ticket, now: clock.now())
            throw error
        }
    }
}

extension FeedBatchReceiver {
    /// The body failed: the connection was cut before its last byte.
    private struct BodyFailure: Error {}

    /// The body's next chunk; its failure told apart from the store's, which are not a cut-off.
    private static func next<Iterator: AsyncIteratorProtocol>(_ iterator: inout Iterator) async throws -> Iterator.Element? {
        do { return try await iterator.next() } catch { throw BodyFailure() }
    }
}

/// Gathers read rows into chunks and stores each while the next are read: up to
/// ``FeedBatchReceiver/chunksInFlight`` chunks at once, each on its own connection.
private struct ChunkWriter {
    let store: FeedBatchStore
    let ticket: FeedBatchTicket
    let clock: any WallClock
    private var rows: [FeedRowOutcome] = []
    /// The body's bytes read since the last chunk went: what `rows` were read from, and more.
    private var bytes = 0
    private var tally = FeedBatchTally(problemLimit: 0)
    private var inFlight: [Task<Void, any Error>] = []
    private var lastAnnounced = ContinuousClock.now

    init(store: FeedBatchStore, ticket: FeedBatchTicket, clock: any WallClock) {
        self.store = store
        self.ticket = ticket
        self.clock = clock
    }

    /// Adds rows read from `byteCount` bytes of the body; stores a chunk once enough rows or bytes
    /// have gathered, or all that remain when `final`.
    mutating func add(_ outcomes: [FeedRowOutcome], from byteCount: Int, ignoredColumns: [String], final: Bool) async throws {
        tally.add(outcomes)
        // Under all-or-nothing, once a row is refused the batch keeps nothing: only problems matter.
        let keepsRows = !(ticket.request.allOrNothing && tally.refused > 0)
        rows += outcomes
        bytes += byteCount
        if !keepsRows { rows.removeAll { $0.isAccepted } }
        guard final || rows.count >= FeedBatchReceiver.chunkRows || bytes >= FeedBatchReceiver.chunkBytes else { return }
        // The last chunk goes alone, after every other, so the batch ends with all its rows.
        if final { try await settle() }
        if inFlight.count >= FeedBatchReceiver.chunksInFlight { try await inFlight.removeFirst().value }
        let now = ContinuousClock.now
        let announce = !final && now - lastAnnounced >= FeedBatchReceiver.progressInterval
        if announce { lastAnnounced = now }
        let (chunk, tally, store, ticket, at) = (rows, tally, store, ticket, clock.now())
        rows = []
        bytes = 0
        inFlight.append(
            Task { try await store.append(chunk, tally: tally, ignoredColumns: ignoredColumns, to: ticket, announce: announce, now: at) })
        if final { try await settle() }
    }

    /// Waits for every chunk in flight; rethrows the first error once all have ended.
    mutating func settle() async throws {
        let tasks = inFlight
        inFlight = []
        var failure: (any Error)?
        for task in tasks {
            do { try await task.value } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }
}
