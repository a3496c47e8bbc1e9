import SafetyNetKernel

/// The kernel's referral tables (转办单): a need sent to a department or level, its answer due in
/// working days at each level, and its place in the assistance chain.
enum ReferralSchema {
    static let migration = SchemaMigration(
        version: 8, name: "referrals",
        sql: """
            CREATE TABLE referral (
                id uuid PRIMARY KEY,
                household_id uuid NOT NULL REFERENCES household (id),
                grid_code text NOT NULL REFERENCES region (code),
                person_id uuid REFERENCES person (id),
                origin text NOT NULL CHECK (origin IN ('visit', 'case', 'manual')),
                origin_visit_id uuid REFERENCES visit (id),
                origin_case_item_id uuid REFERENCES case_item (id),
                need text NOT NULL,
                description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
                -- The addressee: a level, the region answering at it, and the department when one is named.
                module_id text,
                level text NOT NULL CHECK (level IN ('village', 'town', 'district', 'district_lead')),
                region_code text NOT NULL REFERENCES region (code),
                state text NOT NULL CHECK (state IN ('sent', 'accepted', 'resolved', 'declined', 'handed_back')),
                sent_by uuid NOT NULL REFERENCES app_user (id),
                sent_at timestamptz NOT NULL,
                escalations int NOT NULL DEFAULT 0 CHECK (escalations BETWEEN 0 AND 3),
                accepted_at timestamptz,
                answered_at timestamptz,
                answered_by uuid REFERENCES app_user (id),
                answer text,
                basis text,
                -- The case filed on the strength of the referral, when there is one.
                case_id uuid REFERENCES assistance_case (id),
                updated_at timestamptz NOT NULL,
                CONSTRAINT referral_origin_linked CHECK (
                    (origin = 'visit') = (origin_visit_id IS NOT NULL) AND (origin = 'case') = (origin_case_item_id IS NOT NULL)),
                CONSTRAINT referral_answer_complete CHECK (
                    state IN ('sent', 'accepted') OR (answer IS NOT NULL AND answered_at IS NOT NULL)),
                CONSTRAINT referral_decline_has_basis CHECK (state <> 'declined' OR basis IS NOT NULL)
            );
            CREATE INDEX referral_household ON referral (household_id, sent_at);
            CREATE INDEX referral_open ON referral (level, region_code) WHERE state IN ('sent', 'accepted');
            CREATE INDEX referral_sender ON referral (sent_by, sent_at);
            CREATE INDEX referral_module ON referral (module_id, sent_at);

            -- A referral's answer limit is a deadline like a case's; each row is one level's limit.
            ALTER TABLE deadline ADD COLUMN referral_id uuid REFERENCES referral (id);
            ALTER TABLE deadline ADD CONSTRAINT deadline_has_one_owner CHECK ((case_item_id IS NULL) <> (referral_id IS NULL));
            ALTER TABLE deadline DROP CONSTRAINT deadline_outcome_check;
            ALTER TABLE deadline ADD CONSTRAINT deadline_outcome_check CHECK (outcome IN ('met', 'cancelled', 'escalated'));
            CREATE INDEX deadline_referral ON deadline (referral_id) WHERE referral_id IS NOT NULL;
            -- What the sweep escalates: answer limits passed and not yet escalated (a handful at any time).
            CREATE INDEX deadline_to_escalate ON deadline (due_at) WHERE kind = 'referral_answer' AND met_at IS NULL AND overdue_at IS NOT NULL;

            ALTER TABLE assistance_event ADD COLUMN referral_id uuid REFERENCES referral (id);
            CREATE INDEX assistance_event_referral ON assistance_event (referral_id) WHERE referral_id IS NOT NULL;

            CREATE OR REPLACE FUNCTION assistance_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('safetynet_events', json_build_object(
                    'type', NEW.kind, 'householdID', NEW.household_id, 'gridCode', NEW.grid_code, 'module', NEW.module_id,
                    'caseID', NEW.case_id, 'itemID', NEW.case_item_id, 'referralID', NEW.referral_id, 'at', NEW.at)::text);
                RETURN NULL;
            END $$;
            """)

    /// Projects with places and a fund (charity's 慈善项目) that referred needs are matched to.
    static let projects = SchemaMigration(
        version: 10, name: "assistance projects",
        sql: """
            CREATE TABLE assistance_project (
                id uuid PRIMARY KEY,
                module_id text NOT NULL,
                name text NOT NULL,
                description text NOT NULL,
                needs text[] NOT NULL CHECK (cardinality(needs) > 0),
                region_code text NOT NULL REFERENCES region (code),
                capacity int NOT NULL CHECK (capacity > 0),
                funds_fen bigint NOT NULL CHECK (funds_fen >= 0),
                -- Kept with every match, so the checks refuse an over-commitment even under concurrent matches.
                places_taken int NOT NULL DEFAULT 0,
                funds_committed_fen bigint NOT NULL DEFAULT 0,
                open_until date,
                created_by uuid NOT NULL REFERENCES app_user (id),
                created_at timestamptz NOT NULL,
                CONSTRAINT assistance_project_room CHECK (places_taken BETWEEN 0 AND capacity),
                CONSTRAINT assistance_project_funds CHECK (funds_committed_fen BETWEEN 0 AND funds_fen)
            );
            CREATE INDEX assistance_project_module ON assistance_project (module_id, created_at);

            CREATE TABLE project_place (
                id uuid PRIMARY KEY,
                project_id uuid NOT NULL REFERENCES assistance_project (id),
                referral_id uuid NOT NULL UNIQUE REFERENCES referral (id),
                household_id uuid NOT NULL REFERENCES household (id),
                amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
                matched_by uuid NOT NULL REFERENCES app_user (id),
                matched_at timestamptz NOT NULL
            );
            CREATE INDEX project_place_project ON project_place (project_id);
            """)

    /// A referral re-addressed after climbing may climb again: the count of escalations has no upper bound.
    static let escalationsUnbounded = SchemaMigration(
        version: 11, name: "unbounded referral escalations",
        sql: """
            ALTER TABLE referral DROP CONSTRAINT referral_escalations_check;
            ALTER TABLE referral ADD CONSTRAINT referral_escalations_check CHECK (escalations >= 0);
            """)

    /// Escalations are counted from the answer limits closed as escalated, not kept beside them.
    static let escalationsDerived = SchemaMigration(
        version: 12, name: "referral escalations counted from deadlines",
        sql: """
            ALTER TABLE referral DROP COLUMN escalations;
            CREATE INDEX deadline_escalated ON deadline (referral_id) WHERE outcome = 'escalated';
            """)
}
