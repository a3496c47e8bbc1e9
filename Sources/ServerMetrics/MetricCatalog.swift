/// Every metric the server exports, by its Prometheus name, with the help text Prometheus shows.
/// Label values never hold personal data: routes are patterns (`/api/v1/households/{id}`),
/// departments and feeds are module ids.
public enum MetricCatalog {
    /// The help text of each exported metric.
    public static let help: [String: String] = [
        "safetynet_http_requests_total": "HTTP requests answered, by route pattern, method and status.",
        "safetynet_http_request_duration_seconds": "Time from a request's arrival to its last byte sent, by route pattern, method and status.",
        "safetynet_db_query_duration_seconds": "Round-trip time of one SQL statement, from sending it to its last row.",
        "safetynet_db_pool_connections_open": "Database connections the pool holds open.",
        "safetynet_db_pool_connections_in_use": "Database connections lent out to work right now.",
        "safetynet_db_pool_waiting": "Callers waiting for a free database connection now.",
        "safetynet_db_pool_waits_total": "Checkouts that had to wait for a free database connection.",
        "safetynet_db_pool_timeouts_total": "Checkouts that gave up after waiting the checkout timeout.",
        "safetynet_push_subscribers": "Push-channel (WebSocket) subscribers connected now.",
        "safetynet_push_events_sent_total": "Push events delivered, one per subscriber that received it.",
        "safetynet_job_runs_total": "Runs of the server's repeating jobs (deadline sweep, visit announcements, ...), by task and outcome.",
        "safetynet_database_up": "1 when the database answered the last probe (every 30 s), 0 when it did not.",
        "safetynet_overdue_limits": "Open time limits already past due, by department and kind of limit.",
        "safetynet_open_alerts": "Alerts raised or verified and not yet confirmed or dismissed, by department and level.",
        "safetynet_open_referrals": "Referrals sent or accepted and not yet answered, by the department addressed.",
        "safetynet_feed_batches_total": "Department data batches received, by feed and how they ended.",
        "safetynet_feed_rows_total": "Rows of department data batches, by feed and outcome (accepted, refused, matched, unmatched).",
    ]

    /// The help text for `name`; a metric missing from the catalog says so rather than having none.
    static func helpText(_ name: String) -> String {
        help[name] ?? "Recorded by a library; not described in SafetyNet's metric catalog."
    }
}
