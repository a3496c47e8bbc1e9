import Foundation
import PostgresClient
import SafetyNetKernel

/// Someone department data names whom the registry does not know yet (发现): a person in hardship
/// to find and register. Registering them links every row that named them, and they leave the list.
public struct DiscoveryView: Sendable, Codable, Hashable {
    /// The latest row naming them: its batch and row number.
    public let batchID: UUID
    public let row: Int
    public let feed: FeedID
    public let feedName: String
    public let module: ModuleID
    /// The ID number masked, e.g. `220282********1234`.
    public let idNumber: String
    /// Where the row says they live; nil when the feed or the row does not say.
    public let regionCode: RegionCode?
    /// The row's other values as the feed stored them (the name among them when the export gives one).
    public let facts: [String: String]
    /// How many rows of done batches name them.
    public let rows: Int
    /// When the latest batch naming them was done.
    public let receivedAt: Date
}

/// What a list of discoveries is narrowed to.
public struct DiscoveryFilter: Sendable, Hashable {
    /// The caller's region: discoveries placed in it or at a town or village above it; the district
    /// also sees those whose row gives no region or one outside it.
    public var scope: RegionCode
    /// One department's feeds only.
    public var module: ModuleID?
    public var feed: FeedID?

    /// A filter over `scope` alone.
    public init(scope: RegionCode) { self.scope = scope }
}

/// Lists the discoveries of done batches, one entry per person (the latest row naming them), newest first.
public struct DiscoveryList: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog

    /// Creates the list over `pool`; `catalog` names the feeds.
    public init(pool: ConnectionPool, catalog: AssistanceCatalog) {
        self.pool = pool
        self.catalog = catalog
    }

    /// The discoveries `filter` selects: at most `limit`, after `offset`.
    public func list(_ filter: DiscoveryFilter, limit: Int, offset: Int) async throws -> [DiscoveryView] {
        let above = sequence(first: filter.scope.parent, next: { $0?.parent }).compactMap { $0 }.filter { $0.level != .district }
        var conditions: [SQL] = [
            """
            (r.region_code LIKE \(filter.scope.scopePrefix) || '%' OR r.region_code = ANY(\(above.map(\.value)))
             OR (\(filter.scope.level == .district) AND (r.region_code IS NULL OR r.region_code NOT LIKE \(filter.scope.scopePrefix) || '%')))
            """
        ]
        if let module = filter.module { conditions.append("b.module_id = \(module)") }
        if let feed = filter.feed { conditions.append("b.feed_id = \(feed)") }
        return try await pool.query(
            """
            SELECT * FROM (
                SELECT DISTINCT ON (r.subject_index) r.batch_id, r.row_number, b.feed_id, b.module_id, r.subject_masked, r.region_code,
                       (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each_text(r.fields)) AS facts, b.finished_at,
                       count(*) OVER (PARTITION BY r.subject_index) AS rows_naming
                FROM feed_row r JOIN feed_batch b ON b.id = r.batch_id
                WHERE r.person_id IS NULL AND b.status = 'done' AND \(conditions.joined(separator: " AND "))
                ORDER BY r.subject_index, b.finished_at DESC, r.row_number DESC
            ) d
            ORDER BY d.finished_at DESC, d.region_code, d.batch_id, d.row_number LIMIT \(limit) OFFSET \(offset)
            """
        ).map { row in
            let feed: FeedID = try row.decode("feed_id")
            return DiscoveryView(
                batchID: try row.decode("batch_id"), row: try row.decode("row_number"), feed: feed,
                feedName: catalog.feeds[feed]?.chineseName ?? feed.rawValue, module: try row.decode("module_id"),
                idNumber: try row.decode("subject_masked"), regionCode: try row.decode("region_code", as: RegionCode?.self),
                facts: try row.decode("facts", as: PostgresJSON.self).decode([String: String].self), rows: try row.decode("rows_naming"),
                receivedAt: try row.decode("finished_at"))
        }
    }
}
