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
}
