import SafetyNetKernel

/// Batches of department data as they arrive: the batch, its accepted rows (the person's ID
/// number as a blind index, and sealed only while nobody in the registry matches it) and the
/// problems of its refused rows.
enum FeedSchema {
    static let batches = SchemaMigration(
        version: 20, name: "feed batches, their rows and problems",
        sql: """
            -- One upload of a department's data. The sender's own batch id is unique per feed and sending
            -- account: sending it again answers with the first result instead of storing it twice.
            CREATE TABLE feed_batch (
                id uuid PRIMARY KEY,
                feed_id text NOT NULL,
                module_id text NOT NULL,
                sender_id uuid NOT NULL REFERENCES app_user (id),
                sender_batch_id text NOT NULL CHECK (length(sender_batch_id) BETWEEN 1 AND 100),
                format text NOT NULL CHECK (format IN ('csv', 'jsonl')),
                encoding text NOT NULL CHECK (encoding IN ('utf-8', 'gb18030')),
                all_or_nothing boolean NOT NULL,
                -- receiving → done, or refused (unreadable, or a bad row under all-or-nothing), or
                -- interrupted (the upload was cut off). Every state but done starts over when sent again.
                status text NOT NULL CHECK (status IN ('receiving', 'interrupted', 'refused', 'done')),
                -- Raised on every new start; a chunk of an older start is refused, so rows of a cut-off
                -- upload still in flight can never mix with those of its re-send.
                attempt integer NOT NULL DEFAULT 1,
                rows_read integer NOT NULL DEFAULT 0,
                rows_accepted integer NOT NULL DEFAULT 0,
                rows_refused integer NOT NULL DEFAULT 0,
                rows_matched integer NOT NULL DEFAULT 0,
                ignored_columns text[] NOT NULL DEFAULT '{}',
                refusal_code text,
                refusal_message text,
                started_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                finished_at timestamptz,
                CONSTRAINT feed_batch_sender_unique UNIQUE (feed_id, sender_id, sender_batch_id),
                CONSTRAINT feed_batch_refusal_explained CHECK ((status = 'refused') = (refusal_code IS NOT NULL))
            );
            CREATE INDEX feed_batch_recent ON feed_batch (module_id, started_at DESC);

            -- An accepted row, matched to a person by the blind index of the ID number as it is written.
            -- No foreign keys: rows arrive by the hundred thousand, are written only by the batch store
            -- (batch first, matched ids straight from person), and a per-row check would halve the speed.
            CREATE TABLE feed_row (
                batch_id uuid NOT NULL,
                row_number integer NOT NULL,
                subject_index bytea NOT NULL,
                subject_masked text NOT NULL,
                -- Only for rows that match nobody (discoveries, registered from them): a matched
                -- person's number is already sealed in the registry.
                subject_sealed bytea,
                subject_key_id text,
                person_id uuid,
                household_id uuid,
                fields jsonb NOT NULL,
                PRIMARY KEY (batch_id, row_number),
                CONSTRAINT feed_row_match_complete CHECK ((person_id IS NULL) = (household_id IS NULL)),
                CONSTRAINT feed_row_unmatched_sealed CHECK ((person_id IS NULL) = (subject_sealed IS NOT NULL))
            );
            -- Rows about a person, for alert rules and the household's chain.
            CREATE INDEX feed_row_person ON feed_row (person_id) WHERE person_id IS NOT NULL;
            -- Discoveries by the person they name, so registering that person links them.
            CREATE INDEX feed_row_unmatched ON feed_row (subject_index) WHERE person_id IS NULL;

            -- Each problem of a refused row; the value masked when it is personal data.
            CREATE TABLE feed_row_problem (
                batch_id uuid NOT NULL,
                row_number integer NOT NULL,
                field text NOT NULL,
                code text NOT NULL,
                message text NOT NULL,
                value text
            );
            CREATE INDEX feed_row_problem_batch ON feed_row_problem (batch_id, row_number);
            """)

    static let discoveries = SchemaMigration(
        version: 24, name: "discoveries placed in the region their row names",
        sql: """
            -- Where a row naming nobody the registry knows says the person lives (the feed's region
            -- field): its town, village or grid lists it as a discovery to register. discovered stays
            -- true once the person is registered and the row linked, for the period's figures.
            ALTER TABLE feed_row ADD COLUMN region_code text, ADD COLUMN discovered boolean NOT NULL DEFAULT false;
            CREATE INDEX feed_row_discovery_region ON feed_row (region_code text_pattern_ops, batch_id) WHERE person_id IS NULL;
            """)

    /// The planner's figures for `feed_row` lag a large batch: right after the first big batch into
    /// a near-empty table it thought the batch a few rows and joined it by nested loops, and the
    /// alert rules ran past the statement timeout. The runtime role may not ANALYZE a table it
    /// does not own, so the owner lends it this function, called when a batch is large beside the
    /// table as the planner knows it.
    static let freshStatistics = SchemaMigration(
        version: 28, name: "fresh planner statistics after a large batch",
        sql: """
            CREATE FUNCTION analyze_feed_rows() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
            BEGIN
                ANALYZE feed_row;
            END $$;
            """)

    /// A household's year total counts a row sent again (in another batch, or twice in one) once.
    /// Comparing the rows' whole `fields` sorted a million wide values per batch; a hash of them,
    /// kept with the row, lets the rows be told apart by two small columns and grouped by hashing.
    static let fingerprints = SchemaMigration(
        version: 33, name: "each feed row's fingerprint, to count a row sent again once",
        sql: """
            ALTER TABLE feed_row ADD COLUMN fingerprint bigint GENERATED ALWAYS AS (hashtextextended(fields::text, 0)) STORED;
            """)

    /// Generating the fingerprint made PostgreSQL write every stored row's jsonb back as text and
    /// hash it, about 3 s of its time a million rows. The server now sends it: the SHA-256 of the
    /// very text jsonb writes the row back as. Rows stored before get the same here, so that a row
    /// sent again after the upgrade still counts once. A server of an earlier version still running
    /// after this migration cannot store rows (it sends none): upgrade every instance together.
    static let serverFingerprints = SchemaMigration(
        version: 34, name: "feed row fingerprints sent by the server",
        sql: """
            -- What the server sends for a row's fields: the first 8 bytes of the SHA-256 of fields::text.
            CREATE FUNCTION feed_row_fingerprint(fields jsonb) RETURNS bigint LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
                SELECT ('x' || encode(substring(sha256(convert_to(fields::text, 'UTF8')) FROM 1 FOR 8), 'hex'))::bit(64)::bigint
            $$;
            -- One rewrite of the table, the NOT NULL checked on the way, no dead copy of every row left behind.
            ALTER TABLE feed_row ALTER COLUMN fingerprint DROP EXPRESSION;
            ALTER TABLE feed_row ALTER COLUMN fingerprint TYPE bigint USING feed_row_fingerprint(fields),
                ALTER COLUMN fingerprint SET NOT NULL;
            """)

    /// A household's year total read two fields out of every row's jsonb, twice per batch: about
    /// a third of the alert rules' time over a million rows. The server now keeps them typed beside
    /// the row as it arrives (``YearTotalFields``); the schema update fills them for rows stored
    /// before (``YearTotalColumns``). Once a feed's rule is dropped, its rows keep values nothing reads.
    static let yearTotalColumns = SchemaMigration(
        version: 35, name: "each feed row's year and amount for year totals",
        sql: """
            -- The calendar year and the amount, in fen, the feed's year-total rules count the row in;
            -- NULL for feeds without one, and where the row leaves the field blank.
            ALTER TABLE feed_row ADD COLUMN total_year integer, ADD COLUMN total_fen bigint;
            -- The fields each feed's stored rows were filled from; a feed whose rules read others is filled again.
            CREATE TABLE feed_year_total (
                feed_id text PRIMARY KEY,
                amount_field text NOT NULL,
                date_field text NOT NULL
            );
            """)

    /// The alert rules read only the rows of done batches, so the planner also needs figures for
    /// `feed_batch`. Analyzed while empty (its state when the district is set up), it took the done
    /// batches for a twentieth of a million-row feed, probed person by index for every row and
    /// sorted on disk: over a million persons the alert statement took 15–16 s, 12.5 s with the
    /// batches analyzed. The table holds one row per batch; analyzing it costs milliseconds.
    static let batchStatistics = SchemaMigration(
        version: 36, name: "fresh planner statistics of the batches too",
        sql: """
            CREATE OR REPLACE FUNCTION analyze_feed_rows() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
            BEGIN
                ANALYZE feed_row;
                ANALYZE feed_batch;
            END $$;
            """)
}
