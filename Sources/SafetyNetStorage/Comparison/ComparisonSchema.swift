import SafetyNetKernel

/// The half-yearly full comparison (全量比对): its runs, the households each compares, what the
/// rules find in each, and the households to visit again (入户复核) because their findings changed.
enum ComparisonSchema {
    static let runs = SchemaMigration(
        version: 25, name: "full comparisons of the households in benefit",
        sql: """
            -- One comparison. The households are fixed when it starts and compared in id order, a chunk
            -- per transaction that also moves the cursor: a crash or restart loses at most the chunk in
            -- flight, and the next worker goes on from the cursor. At most one runs at a time.
            CREATE TABLE comparison_run (
                id uuid PRIMARY KEY,
                status text NOT NULL CHECK (status IN ('running', 'done')),
                started_by uuid REFERENCES app_user (id),
                started_at timestamptz NOT NULL,
                finished_at timestamptz,
                -- The settings its rules read, and the run whose findings it is compared with.
                settings_version integer NOT NULL REFERENCES settings_version (version),
                previous_run_id uuid REFERENCES comparison_run (id),
                households integer NOT NULL,
                compared integer NOT NULL DEFAULT 0,
                cursor uuid,
                CONSTRAINT comparison_done_finished CHECK ((status = 'done') = (finished_at IS NOT NULL))
            );
            CREATE UNIQUE INDEX comparison_one_running ON comparison_run ((true)) WHERE status = 'running';
            CREATE INDEX comparison_recent ON comparison_run (started_at DESC);

            CREATE TABLE comparison_household (
                run_id uuid NOT NULL REFERENCES comparison_run (id),
                household_id uuid NOT NULL,
                PRIMARY KEY (run_id, household_id)
            );

            -- What a rule finds in a household now: its condition, level and amount.
            CREATE TABLE comparison_finding (
                run_id uuid NOT NULL REFERENCES comparison_run (id),
                household_id uuid NOT NULL,
                rule_id text NOT NULL,
                condition_key text NOT NULL,
                level text NOT NULL,
                amount_fen bigint,
                PRIMARY KEY (run_id, household_id, rule_id, condition_key)
            );

            -- 入户复核: a household whose findings differ from the previous comparison's, with what changed.
            CREATE TABLE comparison_recheck (
                run_id uuid NOT NULL REFERENCES comparison_run (id),
                household_id uuid NOT NULL REFERENCES household (id),
                grid_code text NOT NULL,
                changes jsonb NOT NULL,
                PRIMARY KEY (run_id, household_id)
            );
            CREATE INDEX comparison_recheck_grid ON comparison_recheck (run_id, grid_code text_pattern_ops);
            """)

    static let batchesRead = SchemaMigration(
        version: 37, name: "the batches a full comparison reads, and stopping one",
        sql: """
            -- The batches done when a comparison started, fixed then: every chunk, and one redone after
            -- a crash, reads the same data, whatever batch finishes meanwhile (a batch's finishing time
            -- is taken before its alert rules run, so it may commit after a comparison that started later).
            CREATE TABLE comparison_batch (
                run_id uuid NOT NULL REFERENCES comparison_run (id),
                batch_id uuid NOT NULL REFERENCES feed_batch (id) ON DELETE CASCADE,
                PRIMARY KEY (run_id, batch_id)
            );
            -- A comparison running now reads what it read until now: the batches done by its start.
            INSERT INTO comparison_batch (run_id, batch_id)
            SELECT r.id, b.id FROM comparison_run r JOIN feed_batch b ON b.status = 'done' AND b.finished_at <= r.started_at
            WHERE r.status = 'running';

            -- A comparison stopped by hand (a chunk that keeps failing would hold every later one back).
            ALTER TABLE comparison_run
                DROP CONSTRAINT comparison_run_status_check,
                ADD CONSTRAINT comparison_run_status_check CHECK (status IN ('running', 'done', 'cancelled')),
                DROP CONSTRAINT comparison_done_finished,
                ADD CONSTRAINT comparison_finished CHECK ((status = 'running') = (finished_at IS NULL)),
                ADD COLUMN cancel_reason text;
            """)
}
