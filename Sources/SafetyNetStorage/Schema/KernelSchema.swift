import SafetyNetKernel

/// The kernel's own tables: module switches, the region tree, households, persons and the
/// monitoring ledger. Department modules add theirs through their own migrations.
public enum KernelSchema {
    /// The kernel's migrations, in order. Never edit one that has shipped: append a new one.
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(
            version: 1, name: "modules, regions, households, persons, monitoring",
            sql: """
                -- Which department modules this deployment runs.
                CREATE TABLE module_state (
                    module_id text PRIMARY KEY,
                    enabled boolean NOT NULL,
                    changed_at timestamptz NOT NULL DEFAULT now()
                );

                -- District → town/street → village/community → grid, by statistical code.
                CREATE TABLE region (
                    code text PRIMARY KEY CHECK (code ~ '^[0-9]{12}([0-9]{3})?$'),
                    parent_code text REFERENCES region (code),
                    level text NOT NULL CHECK (level IN ('district', 'town', 'village', 'grid')),
                    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    CONSTRAINT region_root_is_district CHECK ((level = 'district') = (parent_code IS NULL))
                );
                CREATE INDEX region_parent ON region (parent_code);

                -- 户: lives in one grid; closed (not deleted) on death of the last member or moving away.
                CREATE TABLE household (
                    id uuid PRIMARY KEY,
                    grid_code text NOT NULL REFERENCES region (code),
                    address text NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
                    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
                    closed_reason text CHECK (closed_reason IN ('deceased', 'moved_away', 'merged')),
                    closed_on date,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT household_closed_has_reason CHECK ((status = 'closed') = (closed_reason IS NOT NULL))
                );
                -- Scope queries match grid codes by prefix (a town's 9 digits, a village's 12).
                CREATE INDEX household_grid ON household (grid_code text_pattern_ops, id);

                -- 成员: ID and phone numbers only sealed (AES-GCM), blind-indexed (HMAC) and masked.
                CREATE TABLE person (
                    id uuid PRIMARY KEY,
                    household_id uuid NOT NULL REFERENCES household (id),
                    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
                    relation text NOT NULL CHECK (relation IN
                        ('head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other')),
                    sex text NOT NULL CHECK (sex IN ('male', 'female')),
                    birth_date date NOT NULL,
                    id_number_sealed bytea NOT NULL,
                    id_number_key_id text NOT NULL,
                    id_number_index bytea NOT NULL CONSTRAINT person_id_number_unique UNIQUE,
                    id_number_masked text NOT NULL,
                    phone_sealed bytea,
                    phone_key_id text,
                    phone_index bytea,
                    phone_masked text,
                    disability_grade smallint CHECK (disability_grade BETWEEN 1 AND 4),
                    disability_category text CHECK (disability_category IN
                        ('visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple')),
                    monthly_income_fen bigint CHECK (monthly_income_fen >= 0),
                    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deceased', 'moved_away')),
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT person_disability_complete CHECK ((disability_grade IS NULL) = (disability_category IS NULL)),
                    CONSTRAINT person_phone_complete CHECK ((phone_sealed IS NULL) = (phone_index IS NULL))
                );
                CREATE INDEX person_household ON person (household_id);
                CREATE UNIQUE INDEX person_one_head ON person (household_id) WHERE relation = 'head' AND status = 'active';

                -- 动态监测台账: at most one open entry per household; ended entries are kept as history.
                CREATE TABLE monitoring (
                    id uuid PRIMARY KEY,
                    household_id uuid NOT NULL REFERENCES household (id),
                    categories text[] NOT NULL CHECK (cardinality(categories) > 0),
                    risk_level text NOT NULL CHECK (risk_level IN ('red', 'yellow', 'blue', 'green')),
                    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
                    started_at timestamptz NOT NULL DEFAULT now(),
                    ended_at timestamptz,
                    ended_reason text,
                    CONSTRAINT monitoring_end_has_reason CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
                );
                CREATE UNIQUE INDEX monitoring_open_per_household ON monitoring (household_id) WHERE ended_at IS NULL;
                CREATE INDEX monitoring_open_risk ON monitoring (risk_level) WHERE ended_at IS NULL;
                """),
        SchemaMigration(
            version: 2, name: "users, credentials, visits, audit log, idempotency, calendar",
            sql: """
                -- People and machine clients. Machine clients have no password, only API keys.
                CREATE TABLE app_user (
                    id uuid PRIMARY KEY,
                    login text NOT NULL CONSTRAINT app_user_login_unique UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
                    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
                    role text NOT NULL CHECK (role IN ('grid_worker', 'village', 'town', 'district_civil_affairs',
                                                       'department_officer', 'admin', 'auditor')),
                    scope_code text NOT NULL REFERENCES region (code),
                    department text,
                    password_hash text,
                    is_machine boolean NOT NULL DEFAULT false,
                    disabled_at timestamptz,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT app_user_officer_has_department CHECK ((role = 'department_officer') <= (department IS NOT NULL)),
                    CONSTRAINT app_user_login_method CHECK (is_machine OR password_hash IS NOT NULL)
                );

                -- Bearer tokens and API keys, stored only as SHA-256 of the secret.
                CREATE TABLE credential (
                    id uuid PRIMARY KEY,
                    user_id uuid NOT NULL REFERENCES app_user (id),
                    kind text NOT NULL CHECK (kind IN ('session', 'api_key')),
                    secret_hash bytea NOT NULL CONSTRAINT credential_secret_unique UNIQUE,
                    label text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    expires_at timestamptz,
                    revoked_at timestamptz
                );
                CREATE INDEX credential_user ON credential (user_id) WHERE revoked_at IS NULL;

                -- 巡访 records.
                CREATE TABLE visit (
                    id uuid PRIMARY KEY,
                    household_id uuid NOT NULL REFERENCES household (id),
                    kind text NOT NULL CHECK (kind IN ('home', 'phone')),
                    visited_at timestamptz NOT NULL,
                    findings text NOT NULL,
                    needs text[] NOT NULL DEFAULT '{}',
                    -- NULL only for visits imported from an earlier ledger (source 'import').
                    recorded_by uuid REFERENCES app_user (id),
                    source text NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import')),
                    recorded_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT visit_recorder_known CHECK (source = 'import' OR recorded_by IS NOT NULL)
                );
                CREATE INDEX visit_household_latest ON visit (household_id, visited_at DESC);

                -- Risk level changes, with reason and actor.
                CREATE TABLE monitoring_risk_change (
                    id uuid PRIMARY KEY,
                    monitoring_id uuid NOT NULL REFERENCES monitoring (id),
                    from_level text,
                    to_level text NOT NULL,
                    reason text NOT NULL,
                    changed_by uuid REFERENCES app_user (id),
                    changed_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX monitoring_risk_change_entry ON monitoring_risk_change (monitoring_id, changed_at);

                -- Append-only, hash-chained audit log; audit_head holds the chain's end and serializes appends.
                CREATE TABLE audit_log (
                    seq bigint PRIMARY KEY,
                    at timestamptz NOT NULL,
                    actor_id uuid,
                    actor_login text NOT NULL,
                    source text,
                    action text NOT NULL,
                    entity text NOT NULL,
                    entity_id text,
                    before jsonb,
                    after jsonb,
                    previous_hash bytea NOT NULL,
                    hash bytea NOT NULL
                );
                CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
                CREATE TABLE audit_head (
                    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                    seq bigint NOT NULL,
                    hash bytea NOT NULL
                );
                INSERT INTO audit_head (seq, hash) VALUES (0, decode(repeat('00', 32), 'hex'));
                -- The one definition of an entry's hash, used to append and to verify.
                CREATE FUNCTION audit_digest(
                    previous bytea, seq bigint, at timestamptz, actor_id uuid, actor_login text, source text,
                    action text, entity text, entity_id text, before jsonb, after jsonb
                ) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
                    SELECT sha256(previous || convert_to(jsonb_build_array(
                        seq, extract(epoch FROM at)::text, actor_id, actor_login, source, action, entity, entity_id, before, after
                    )::text, 'UTF8'))
                $$;
                CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

                -- Results of POSTs with an Idempotency-Key, replayed on retry.
                CREATE TABLE idempotency_key (
                    user_id uuid NOT NULL REFERENCES app_user (id),
                    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
                    request_hash bytea NOT NULL,
                    status int NOT NULL,
                    response bytea NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (user_id, key)
                );

                -- The working calendar's exceptions to the weekday rule, loaded per year by the admin.
                CREATE TABLE calendar_day (
                    day date PRIMARY KEY,
                    kind text NOT NULL CHECK (kind IN ('holiday', 'working')),
                    note text
                );
                """),
        SchemaMigration(
            version: 3, name: "registry events through NOTIFY",
            sql: """
                -- Every committed change to the registry is announced on the channel safetynet_events, so
                -- each server process can push it to the clients whose scope holds the grid. A bulk load
                -- sets safetynet.bulk_load = 'on' for its transaction to stay quiet.
                CREATE FUNCTION registry_event(kind text, household uuid, grid text, previous_grid text, risk text)
                RETURNS void LANGUAGE sql AS $$
                    SELECT pg_notify('safetynet_events', json_build_object(
                        'type', kind, 'householdID', household, 'gridCode', grid, 'previousGridCode', previous_grid,
                        'riskLevel', risk, 'at', now())::text)
                    WHERE coalesce(current_setting('safetynet.bulk_load', true), '') <> 'on'
                $$;

                CREATE FUNCTION household_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM registry_event(CASE WHEN TG_OP = 'INSERT' THEN 'household.created'
                                                WHEN NEW.status = 'closed' AND OLD.status <> 'closed' THEN 'household.closed'
                                                WHEN NEW.grid_code <> OLD.grid_code THEN 'household.moved'
                                                ELSE 'household.changed' END,
                                           NEW.id, NEW.grid_code,
                                           CASE WHEN TG_OP = 'UPDATE' AND NEW.grid_code <> OLD.grid_code THEN OLD.grid_code END, NULL);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER household_event AFTER INSERT OR UPDATE ON household FOR EACH ROW EXECUTE FUNCTION household_event();

                CREATE FUNCTION person_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- NOTIFY folds identical payloads of one transaction, so a household's many members make one event.
                    PERFORM registry_event('household.changed', NEW.household_id,
                                           (SELECT grid_code FROM household WHERE id = NEW.household_id), NULL, NULL);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER person_event AFTER INSERT OR UPDATE ON person FOR EACH ROW EXECUTE FUNCTION person_event();

                CREATE FUNCTION monitoring_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM registry_event(CASE WHEN TG_OP = 'INSERT' THEN 'monitoring.started'
                                                WHEN NEW.ended_at IS NOT NULL AND OLD.ended_at IS NULL THEN 'monitoring.ended'
                                                ELSE 'risk.changed' END,
                                           NEW.household_id, (SELECT grid_code FROM household WHERE id = NEW.household_id), NULL, NEW.risk_level);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER monitoring_event AFTER INSERT OR UPDATE ON monitoring FOR EACH ROW EXECUTE FUNCTION monitoring_event();

                CREATE FUNCTION visit_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM registry_event('visit.recorded', NEW.household_id,
                                           (SELECT grid_code FROM household WHERE id = NEW.household_id), NULL, NULL);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER visit_event AFTER INSERT ON visit FOR EACH ROW EXECUTE FUNCTION visit_event();
                """),
        SchemaMigration(
            version: 4, name: "client certificates for mutual TLS",
            sql: """
                -- Department systems may authenticate with a client certificate issued by the district's CA;
                -- each is registered to a (machine) account by the SHA-256 of its DER encoding.
                CREATE TABLE client_certificate (
                    fingerprint bytea PRIMARY KEY CHECK (length(fingerprint) = 32),
                    user_id uuid NOT NULL REFERENCES app_user (id),
                    label text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    revoked_at timestamptz
                );
                """),
        SchemaMigration(
            version: 5, name: "visit due notices",
            sql: """
                -- One row per announced due visit, so each is pushed once however many processes run the check.
                CREATE TABLE visit_due_notice (
                    household_id uuid NOT NULL REFERENCES household (id),
                    due_at timestamptz NOT NULL,
                    noticed_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (household_id, due_at)
                );
                """),
        CaseSchema.migration,
        CaseSchema.sweepIndexes,
        ReferralSchema.migration,
        CaseSchema.jointCases,
        ReferralSchema.projects,
        ReferralSchema.escalationsUnbounded,
        ReferralSchema.escalationsDerived,
        IdempotencyStore.claimsCommitWithAnswers,
        EventSchema.numbered,
        CalendarBook.publishedYears,
        ChainReader.personSteps,
        PrincipalCache.notifications,
        AuditLog.chainedAtCommit,
        ChainReader.monitoringHistory,
        FeedSchema.batches,
        AlertSchema.alerts,
        AlertSchema.life,
        AlertSchema.registryRules,
        FeedSchema.discoveries,
        ComparisonSchema.runs,
        AlertSchema.cancelled,
        EventSchema.recentDigests,
        FeedSchema.freshStatistics,
        AlertSchema.decisionLimit,
        EventSchema.publishedTogether,
        CaseSchema.workQueue,
        AuditTrail.lookupIndexes,
        FeedSchema.fingerprints,
        FeedSchema.serverFingerprints,
        FeedSchema.yearTotalColumns,
        FeedSchema.batchStatistics,
        ComparisonSchema.batchesRead,
    ]
}
