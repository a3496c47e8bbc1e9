import SafetyNetKernel

/// The kernel's own tables: module switches, the region tree, households, persons and the
/// monitoring ledger. Department modules add theirs through their own migrations.
public enum KernelSchema {
    /// The kernel's migrations, in order. Never edit one that has shipped: append a new one.
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(version: 1, name: "modules, regions, households, persons, monitoring", sql: """
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
    ]
}
