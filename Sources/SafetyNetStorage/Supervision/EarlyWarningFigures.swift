import Foundation
import PostgresClient
import SafetyNetKernel

/// Assistance approved on the applications confirmed alerts opened, for one type.
public struct FollowedAssistance: Sendable, Codable, Hashable {
    public let type: AssistanceTypeID
    public let typeName: String
    /// Items of the type approved, whenever decided.
    public let approved: Int
}

/// Early warning over a region and period, in the shape of seed 003's county figures (789
/// monitored, 252 alerts, 1,174 discovered, then the dibao, tekun and relief that followed).
public struct EarlyWarningFigures: Sendable, Codable, Hashable {
    /// Households on the monitoring ledger at the end of the period.
    public let monitored: Int
    /// Alerts raised in the period, by level (one raised and later worsened counts at its level now).
    public let raised: AlertLevelCounts
    /// Alerts verified, confirmed and dismissed in the period, whenever raised.
    public let verified: Int
    public let confirmed: Int
    public let dismissed: Int
    /// Alerts moved up a level in the period because nobody verified them in time.
    public let escalated: Int
    /// Alerts open now whose verification limit has passed.
    public let overdue: Int
    /// People the period's batches named whom the registry did not know (discoveries), and how
    /// many of them are registered by now.
    public let discovered: Int
    public let discoveredRegistered: Int
    /// Applications filed and referrals sent on confirming the period's alerts.
    public let applicationsOpened: Int
    public let referralsOpened: Int
    /// What was approved on those applications, by type.
    public let assistanceFollowed: [FollowedAssistance]
}

extension SupervisionStore {
    /// The early-warning figures of `scope`, one department's alerts and discoveries when it names
    /// one; discoveries placed nowhere or outside it count for the `wholeDistrict` only.
    func earlyWarning(_ scope: ReportScope, wholeDistrict: Bool, now: Date, on connection: PostgresConnection) throws -> EarlyWarningFigures {
        let ofModule: SQL = scope.module.map { "AND a.module_id = \($0)" } ?? ""
        let ofFeeds: SQL = scope.module.map { "AND b.module_id = \($0)" } ?? ""
        let (start, end, prefix) = (scope.start, scope.end, scope.prefix)
        let row = try connection.query(
            """
            WITH alerts AS (SELECT a.* FROM alert a WHERE a.grid_code LIKE \(prefix) || '%' \(ofModule)),
            confirmed AS (SELECT * FROM alerts WHERE status = 'confirmed' AND decided_at >= \(start) AND decided_at < \(end)),
            found AS (
                SELECT r.subject_index, bool_or(r.person_id IS NOT NULL) AS registered
                FROM feed_row r JOIN feed_batch b ON b.id = r.batch_id LEFT JOIN household h ON h.id = r.household_id
                WHERE r.discovered AND b.status = 'done' AND b.finished_at >= \(start) AND b.finished_at < \(end) \(ofFeeds)
                  AND (coalesce(h.grid_code, r.region_code) LIKE \(prefix) || '%'
                       OR (\(wholeDistrict) AND h.grid_code IS NULL AND (r.region_code IS NULL OR r.region_code NOT LIKE \(prefix) || '%')))
                GROUP BY r.subject_index
            )
            SELECT
                (SELECT count(*) FROM monitoring m JOIN household h ON h.id = m.household_id
                 WHERE h.grid_code LIKE \(prefix) || '%' AND m.started_at < \(end) AND (m.ended_at IS NULL OR m.ended_at >= \(end))) AS monitored,
                (SELECT count(*) FROM alerts WHERE raised_at >= \(start) AND raised_at < \(end) AND level = 'red') AS red,
                (SELECT count(*) FROM alerts WHERE raised_at >= \(start) AND raised_at < \(end) AND level = 'yellow') AS yellow,
                (SELECT count(*) FROM alerts WHERE raised_at >= \(start) AND raised_at < \(end) AND level = 'blue') AS blue,
                (SELECT count(*) FROM alerts WHERE verified_at >= \(start) AND verified_at < \(end)) AS verified,
                (SELECT count(*) FROM confirmed) AS confirmed,
                (SELECT count(*) FROM alerts WHERE status = 'dismissed' AND decided_at >= \(start) AND decided_at < \(end)) AS dismissed,
                (SELECT count(*) FROM deadline d JOIN alerts a ON a.id = d.alert_id
                 WHERE d.outcome = 'escalated' AND d.met_at >= \(start) AND d.met_at < \(end)) AS escalated,
                (SELECT count(*) FROM alerts a WHERE a.status = 'raised' AND EXISTS (
                    SELECT 1 FROM deadline d WHERE d.alert_id = a.id AND d.met_at IS NULL AND d.due_at < \(now))) AS overdue,
                (SELECT count(*) FROM found) AS discovered,
                (SELECT count(*) FILTER (WHERE registered) FROM found) AS discovered_registered,
                (SELECT count(case_id) FROM confirmed) AS applications, (SELECT count(referral_id) FROM confirmed) AS referrals,
                (SELECT coalesce(jsonb_object_agg(assistance_type, n), '{}') FROM (
                    SELECT i.assistance_type, count(*) AS n FROM case_item i JOIN confirmed c ON c.case_id = i.case_id
                    WHERE i.amount_fen IS NOT NULL GROUP BY i.assistance_type) t)::text AS followed
            """)[0]
        let followed = try JSONDecoder().decode([String: Int].self, from: Data(try row.decode("followed", as: String.self).utf8))
        return EarlyWarningFigures(
            monitored: try row.decode("monitored"),
            raised: AlertLevelCounts(red: try row.decode("red"), yellow: try row.decode("yellow"), blue: try row.decode("blue")),
            verified: try row.decode("verified"), confirmed: try row.decode("confirmed"), dismissed: try row.decode("dismissed"),
            escalated: try row.decode("escalated"), overdue: try row.decode("overdue"), discovered: try row.decode("discovered"),
            discoveredRegistered: try row.decode("discovered_registered"), applicationsOpened: try row.decode("applications"),
            referralsOpened: try row.decode("referrals"),
            assistanceFollowed: followed.sorted { $0.key < $1.key }.compactMap { key, approved in
                AssistanceTypeID(rawValue: key).map {
                    FollowedAssistance(type: $0, typeName: catalog.type($0)?.chineseName ?? key, approved: approved)
                }
            })
    }
}
