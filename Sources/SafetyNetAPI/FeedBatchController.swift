import CoreMetrics
import FeedIntake
import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Batches of department data: uploaded as they stream in (CSV or JSON Lines, any size), then
/// read back with their counts and the problems of their refused rows.
struct FeedBatchController {
    let batches: FeedBatchStore
    let receiver: FeedBatchReceiver
    let catalog: AssistanceCatalog
    let modules: ModuleSwitchboard

    struct BatchList: ResponseCodable { let items: [FeedBatchView] }

    struct ProblemPage: ResponseCodable {
        let items: [FeedRowProblem]
        /// Pass as `after` for the next page; absent on the last.
        let nextAfter: Int?
    }

    /// The media types an upload may carry, and the format each means.
    static let mediaTypes: [(type: String, format: FeedFormat)] = [
        ("text/csv", .csv), ("application/x-ndjson", .jsonLines), ("application/jsonl", .jsonLines),
    ]

    static let batch = QueryParameter<String>(
        name: "batch", schema: .text, description: "Required: the sender's own id for the batch, 1–100 characters; sending it again changes nothing"
    ) { text throws(FieldError) in
        // Counted as PostgreSQL counts it (code points); QueryInput has refused control characters.
        guard (1...100).contains(text.unicodeScalars.count) else {
            throw FieldError(field: "batch", code: "invalid_batch_id", message: "batch is the sender's id for the batch, 1 to 100 characters")
        }
        return text
    }
    static let encoding = Query.choice("encoding", FeedEncoding.self, "The body's text encoding (utf-8 when left out; a BOM is skipped)")
    static let allOrNothing = Query.flag("allOrNothing", "true: one bad row refuses the whole batch (false when left out)")
    static let limit = Query.integer("limit", in: 1...500, "Entries per page (100 when left out)")
    static let rowsPerPage = Query.integer("limit", in: 1...500, "Refused rows per page, each with all its problems (100 when left out)")
    static let after = Query.integer("after", in: 0...Int(Int32.max), "Problems after this row (nextAfter of the previous page)")

    func addRoutes(reading routes: DocumentedRoutes, uploading streaming: DocumentedRoutes) {
        streaming.add(
            .post, "feeds/{id}/batches",
            "Upload a batch of the feed as CSV (header row of field names or Chinese labels) or JSON Lines, streamed: every row is "
                + "checked, good rows are stored and matched to the registry, bad ones reported with their problems",
            parameters: [Self.batch.documented, Self.encoding.documented, Self.allOrNothing.documented], pathSchema: FeedID.wireSchema,
            streamedBody: Self.mediaTypes.map(\.type),
            answers: [.created(FeedBatchView.self, "The batch, received in full"), .ok(FeedBatchView.self, "The batch was done before: its result")],
            refusals: [.badRequest, .forbidden, .notFound, .conflict], use: upload)
        routes.get(
            "feed-batches", "The most recent batches, newest first", parameters: [moduleFilter.documented, Self.limit.documented],
            answers: [.ok(BatchList.self, "The batches")], refusals: [.forbidden], use: list)
        routes.get(
            "feed-batches/{id}", "One batch: where it stands and its row counts, growing while it is received",
            answers: [.ok(FeedBatchView.self, "The batch")], refusals: [.forbidden], use: read)
        routes.get(
            "feed-batches/{id}/problems", "The problems of a batch's refused rows, in row order: row, field, reason, the value masked where personal",
            parameters: [Self.after.documented, Self.rowsPerPage.documented],
            answers: [.ok(ProblemPage.self, "A page of problems")], refusals: [.forbidden], use: problems)
    }

    private var moduleFilter: QueryParameter<ModuleID> {
        Query.module("module", among: Set(catalog.feeds.keys.map(\.module)), "Only this department's batches")
    }

    @Sendable func upload(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let feed = try feed(context)
        try principal.requireActing(.sendFeeds, for: feed.id.module, leadModule: catalog.leadModule, in: principal.scope)
        let query = try QueryInput(request)
        guard let senderBatchID = try query.read(Self.batch) else {
            throw APIError(.unprocessableContent, code: "required", message: "batch is required: the sender's own id for the batch", field: "batch")
        }
        let batchRequest = FeedBatchRequest(
            feed: feed, senderBatchID: senderBatchID, format: try Self.format(of: request), encoding: try query.read(Self.encoding) ?? .utf8,
            allOrNothing: try query.read(Self.allOrNothing) ?? false)
        if !modules.isEnabled(feed.id.module) {
            // A sender asking again after its answer was lost learns the batch's result, module on or off.
            if let done = try await batches.done(batchRequest, by: principal) {
                return try Self.answer(done, status: .ok, headers: [.idempotentReplayed: "true"], context: context)
            }
            try modules.require(feed.id.module)
        }
        return try await receiver.uploads.run(orThrow: Self.busy) {
            try await receive(request, as: batchRequest, by: principal, context: context)
        }
    }

    /// The refusal of an upload past ``FeedBatchReceiver/uploads``: nothing of it is stored.
    static var busy: APIError {
        APIError(
            .serviceUnavailable, code: "uploads_busy", message: "other batches are being received; send this one again in a minute",
            headers: [.retryAfter: "60"])
    }

    /// Starts the batch `batchRequest` asks for (or answers it, done before) and receives the
    /// request's body into it.
    private func receive(
        _ request: Request, as batchRequest: FeedBatchRequest, by principal: Principal, context: SafetyNetRequestContext
    ) async throws -> Response {
        let feed = batchRequest.feed
        let start = try await batches.start(batchRequest, by: principal, now: receiver.clock.now())
        switch start {
        case .alreadyDone(let batch):
            return try Self.answer(batch, status: .ok, headers: [.idempotentReplayed: "true"], context: context)
        case .receiving(let ticket):
            let batch: FeedBatchView
            do {
                batch = try await receiver.receive(request.body.map(\.readableBytesView), into: ticket, by: principal)
                Self.count(batch)
            } catch let error as FeedBatchStoreError {
                switch error {
                case .superseded:
                    Self.count(feed.id, ending: "superseded")
                    throw APIError(.conflict, code: "batch_superseded", message: error.description)
                case .cutOff:
                    Self.count(feed.id, ending: FeedBatchStatus.interrupted.rawValue)
                    throw APIError(.badRequest, code: "upload_cut_off", message: error.description)
                }
            }
            guard let refusal = batch.refusal else { return try Self.answer(batch, status: .created, headers: [:], context: context) }
            // Switched off while the batch arrived: nothing in the body was wrong; the module's state is, as at the start.
            let switchedOff = refusal.code == FeedBatchStore.moduleSwitchedOff
            throw APIError(
                switchedOff ? .conflict : .unprocessableContent, code: refusal.code,
                message: refusal.message + " (GET \(Self.location(batch)) for the batch)", field: switchedOff ? nil : "body",
                headers: [.location: Self.location(batch)])
        }
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> BatchList {
        let principal = try context.requirePrincipal()
        try principal.require(.readFeeds)
        let query = try QueryInput(request)
        let module = try principal.departmentFilter ?? query.read(moduleFilter)
        return BatchList(items: try await batches.recent(module: module, limit: try query.read(Self.limit) ?? 100))
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> FeedBatchView {
        try await visibleBatch(context)
    }

    @Sendable func problems(_ request: Request, context: SafetyNetRequestContext) async throws -> ProblemPage {
        let batch = try await visibleBatch(context)
        let query = try QueryInput(request)
        let rows = try query.read(Self.rowsPerPage) ?? 100
        let items = try await batches.problems(of: batch.id, after: try query.read(Self.after) ?? 0, rows: rows)
        return ProblemPage(items: items, nextAfter: Set(items.map(\.row)).count == rows ? items.last?.row : nil)
    }

    /// The batch in the path, when the caller may see it: an officer its own department's only.
    private func visibleBatch(_ context: SafetyNetRequestContext) async throws -> FeedBatchView {
        let principal = try context.requirePrincipal()
        try principal.require(.readFeeds)
        guard let batch = try await batches.batch(try context.pathID()),
            principal.departmentFilter.map({ $0 == batch.module }) ?? true
        else { throw APIError.notFound("feed batch") }
        return batch
    }

    /// The feed named in the path.
    private func feed(_ context: SafetyNetRequestContext) throws -> FeedDefinition {
        guard let id = context.parameters.get("id").flatMap(FeedID.init(rawValue:)), let feed = catalog.feeds[id] else {
            throw APIError(.notFound, code: "unknown_feed", message: "no feed has this id: GET /api/v1/feeds lists them")
        }
        return feed
    }

    /// The format the body's media type states.
    private static func format(of request: Request) throws -> FeedFormat {
        let stated = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let format = mediaTypes.first(where: { $0.type == stated })?.format else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "send the batch as \(mediaTypes.map(\.type).joined(separator: ", ")) (Content-Type)", field: "Content-Type")
        }
        return format
    }

    /// Counts a batch that ended, and its rows, in the server's metrics.
    private static func count(_ batch: FeedBatchView) {
        count(batch.feed, ending: batch.status.rawValue)
        let rows = batch.rows
        for (outcome, number) in [
            ("accepted", rows.accepted), ("refused", rows.refused), ("matched", rows.matched), ("unmatched", rows.unmatched),
        ] where number > 0 {
            Counter(label: "safetynet_feed_rows_total", dimensions: [("feed", batch.feed.rawValue), ("outcome", outcome)]).increment(by: number)
        }
    }

    private static func count(_ feed: FeedID, ending status: String) {
        Counter(label: "safetynet_feed_batches_total", dimensions: [("feed", feed.rawValue), ("status", status)]).increment()
    }

    private static func location(_ batch: FeedBatchView) -> String { "/api/v1/feed-batches/\(batch.id.uuidString)" }

    private static func answer(
        _ batch: FeedBatchView, status: HTTPResponse.Status, headers: HTTPFields, context: SafetyNetRequestContext
    ) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.location] = location(batch)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try context.responseEncoder.encode(batch))))
    }
}

extension FeedBatchView: ResponseCodable {}
