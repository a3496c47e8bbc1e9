import SafetyNetKernel

/// Versioned district settings and the alerts rules raise over department data.
enum AlertSchema {
    static let alerts = SchemaMigration(
        version: 21, name: "settings versions and alerts",
        sql: """
            -- 区级参数: every change of the district's settings is a new version, kept; alerts (and
            -- later decisions) record the version they were made under.
            CREATE TABLE settings_version (
                version integer PRIMARY KEY CHECK (version >= 1),
                overrides jsonb NOT NULL,
                note text NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
                changed_by uuid REFERENCES app_user (id),
                changed_at timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO settings_version (version, overrides, note) VALUES (1, '{}', 'defaults');

            -- 预警: one condition an alert rule found in a household. While it is open (raised, then
            -- verified in the field) the same condition is not raised again; a batch that measures it
            -- worse raises its level. condition_key tells conditions of one rule and household apart:
            -- the person named, the year summed, or '' for the household as a whole.
            CREATE TABLE alert (
                id uuid PRIMARY KEY,
                rule_id text NOT NULL,
                module_id text NOT NULL,
                household_id uuid NOT NULL REFERENCES household (id),
                person_id uuid REFERENCES person (id),
                grid_code text NOT NULL,
                condition_key text NOT NULL,
                level text NOT NULL CHECK (level IN ('red', 'yellow', 'blue')),
                -- 1 red, 2 yellow, 3 blue: the smaller the more urgent, for comparing levels in SQL.
                level_rank smallint NOT NULL CHECK (level_rank BETWEEN 1 AND 3),
                raised_level text NOT NULL CHECK (raised_level IN ('red', 'yellow', 'blue')),
                amount_fen bigint,
                threshold_fen bigint,
                -- The values of the row that raised it (or last raised its level).
                facts jsonb NOT NULL,
                settings_version integer NOT NULL REFERENCES settings_version (version),
                batch_id uuid,
                row_number integer,
                status text NOT NULL CHECK (status IN ('raised', 'verified', 'confirmed', 'dismissed')),
                raised_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX alert_open_condition ON alert (rule_id, household_id, condition_key) WHERE status IN ('raised', 'verified');
            CREATE INDEX alert_grid ON alert (grid_code text_pattern_ops, raised_at DESC);
            CREATE INDEX alert_household ON alert (household_id, raised_at);
            CREATE INDEX alert_batch ON alert (batch_id);

            -- What a done batch raised (or raised to a level), by level.
            ALTER TABLE feed_batch ADD COLUMN alerts_red integer NOT NULL DEFAULT 0,
                ADD COLUMN alerts_yellow integer NOT NULL DEFAULT 0, ADD COLUMN alerts_blue integer NOT NULL DEFAULT 0;

            ALTER TABLE assistance_event ADD COLUMN alert_id uuid REFERENCES alert (id);
            CREATE OR REPLACE FUNCTION assistance_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM publish_event(jsonb_strip_nulls(jsonb_build_object(
                    'type', NEW.kind, 'householdID', NEW.household_id, 'gridCode', NEW.grid_code, 'module', NEW.module_id,
                    'caseID', NEW.case_id, 'itemID', NEW.case_item_id, 'referralID', NEW.referral_id, 'alertID', NEW.alert_id,
                    'at', NEW.at)));
                RETURN NULL;
            END $$;
            """)

    static let life = SchemaMigration(
        version: 22, name: "verifying, confirming, dismissing and escalating alerts",
        sql: """
            -- 核实 and 确认 / 排除: who looked in the field (with the visit they recorded), who decided,
            -- and what the confirmation opened. handling_level is where the alert is pressed for a
            -- look: the village first, then up a level each time the verification limit passes.
            ALTER TABLE alert
                ADD COLUMN handling_level text NOT NULL DEFAULT 'village' CHECK (handling_level IN ('village', 'town', 'district', 'district_lead')),
                ADD COLUMN verified_at timestamptz, ADD COLUMN verified_by uuid REFERENCES app_user (id),
                ADD COLUMN visit_id uuid REFERENCES visit (id), ADD COLUMN findings text,
                ADD COLUMN decided_at timestamptz, ADD COLUMN decided_by uuid REFERENCES app_user (id), ADD COLUMN decision_note text,
                ADD COLUMN case_id uuid REFERENCES assistance_case (id), ADD COLUMN referral_id uuid REFERENCES referral (id),
                ADD CONSTRAINT alert_verified_in_field CHECK (status = 'raised' OR (verified_at IS NOT NULL AND visit_id IS NOT NULL)),
                ADD CONSTRAINT alert_decided_with_note CHECK ((status IN ('confirmed', 'dismissed')) = (decided_at IS NOT NULL AND decision_note IS NOT NULL));

            -- An alert's verification limit is a deadline like a referral's answer limit, one row per level.
            ALTER TABLE deadline ADD COLUMN alert_id uuid REFERENCES alert (id);
            ALTER TABLE deadline DROP CONSTRAINT deadline_has_one_owner;
            ALTER TABLE deadline ADD CONSTRAINT deadline_has_one_owner CHECK (num_nonnulls(case_item_id, referral_id, alert_id) = 1);
            ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check;
            ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check
                CHECK (kind IN ('investigation', 'decision', 'relief', 'papers', 'referral_answer', 'reassessment', 'alert_verification'));
            CREATE INDEX deadline_alert ON deadline (alert_id) WHERE alert_id IS NOT NULL;
            CREATE INDEX deadline_alert_to_escalate ON deadline (due_at)
                WHERE kind = 'alert_verification' AND met_at IS NULL AND overdue_at IS NOT NULL;
            """)

    static let registryRules = SchemaMigration(
        version: 23, name: "alerts raised by the registry itself",
        sql: """
            -- The registry's own rules (a monitored household's visit overdue) belong to no department.
            ALTER TABLE alert ALTER COLUMN module_id DROP NOT NULL;
            """)

    static let cancelled = SchemaMigration(
        version: 26, name: "alerts closed when their reason is gone; discoveries counted by batch",
        sql: """
            -- cancelled: closed by the system, unverified or not, when the household closes or (for an
            -- overdue visit) leaves the ledger; the reason is kept as the decision note.
            ALTER TABLE alert DROP CONSTRAINT alert_status_check, DROP CONSTRAINT alert_verified_in_field,
                DROP CONSTRAINT alert_decided_with_note;
            ALTER TABLE alert
                ADD CONSTRAINT alert_status_check CHECK (status IN ('raised', 'verified', 'confirmed', 'dismissed', 'cancelled')),
                ADD CONSTRAINT alert_verified_in_field
                    CHECK (status IN ('raised', 'cancelled') OR (verified_at IS NOT NULL AND visit_id IS NOT NULL)),
                ADD CONSTRAINT alert_decided_with_note
                    CHECK ((status IN ('confirmed', 'dismissed', 'cancelled')) = (decided_at IS NOT NULL AND decision_note IS NOT NULL));
            -- The period's figures count discoveries batch by batch, never scanning the matched rows.
            CREATE INDEX feed_row_discovered ON feed_row (batch_id) WHERE discovered;
            """)

    static let decisionLimit = SchemaMigration(
        version: 29, name: "a limit to confirm or dismiss a verified alert",
        sql: """
            ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check;
            ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check
                CHECK (kind IN ('investigation', 'decision', 'relief', 'papers', 'referral_answer', 'reassessment', 'alert_verification',
                                'alert_decision'));
            """)
}
