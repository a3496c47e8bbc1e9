import SafetyNetKernel

/// The kernel's tables for the closed loop: cases and their per-type items, deadlines, payments,
/// follow-up, and the assistance events the chain and the push channel read.
enum CaseSchema {
    static let migration = SchemaMigration(
        version: 6, name: "cases, deadlines, payments, follow-up, assistance events",
        sql: """
            -- 救助申请: one application for a household; grid_code is where it was filed, for scope and figures.
            CREATE TABLE assistance_case (
                id uuid PRIMARY KEY,
                household_id uuid NOT NULL REFERENCES household (id),
                grid_code text NOT NULL REFERENCES region (code),
                applicant_person_id uuid REFERENCES person (id),
                filed_by uuid NOT NULL REFERENCES app_user (id),
                on_behalf boolean NOT NULL,
                urgency text NOT NULL CHECK (urgency IN ('normal', 'emergency', 'critical')),
                description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
                facts jsonb NOT NULL,
                claim jsonb NOT NULL,
                applied_at timestamptz NOT NULL
            );
            CREATE INDEX assistance_case_household ON assistance_case (household_id, applied_at);
            CREATE INDEX assistance_case_grid ON assistance_case (grid_code text_pattern_ops, applied_at);

            -- 分类审核认定: each assistance type of a case moves through its own states.
            CREATE TABLE case_item (
                id uuid PRIMARY KEY,
                case_id uuid NOT NULL REFERENCES assistance_case (id),
                assistance_type text NOT NULL,
                module_id text NOT NULL,
                person_id uuid REFERENCES person (id),
                state text NOT NULL CHECK (state IN ('applied', 'accepted', 'investigating', 'reviewing', 'approved',
                                                     'rejected', 'disbursing', 'following_up', 'closed')),
                urgent boolean NOT NULL,
                accepted_at timestamptz,
                forwarded_at timestamptz,
                decided_at timestamptz,
                decided_by uuid REFERENCES app_user (id),
                amount_fen bigint CHECK (amount_fen >= 0),
                period text CHECK (period IN ('monthly', 'annual', 'once', 'recognition')),
                funding_line text,
                working text,
                rejection_code text,
                rejection_reason text,
                rejection_basis text,
                notice text,
                papers_completed_at timestamptz,
                closed_at timestamptz,
                updated_at timestamptz NOT NULL,
                CONSTRAINT case_item_type_once UNIQUE (case_id, assistance_type, person_id),
                CONSTRAINT case_item_rejection_complete CHECK (
                    state <> 'rejected' OR (rejection_reason IS NOT NULL AND rejection_basis IS NOT NULL AND notice IS NOT NULL)),
                CONSTRAINT case_item_approval_complete CHECK (
                    state NOT IN ('approved', 'disbursing', 'following_up') OR (amount_fen IS NOT NULL AND period IS NOT NULL))
            );
            CREATE INDEX case_item_case ON case_item (case_id);
            CREATE INDEX case_item_module_state ON case_item (module_id, state);
            -- What this type gave the same beneficiary this year (second relief, annual caps).
            CREATE INDEX case_item_history ON case_item (assistance_type, person_id, decided_at) WHERE amount_fen IS NOT NULL;

            -- Every time limit of a case item (and later of referrals): the deadline service reads the
            -- open ones by due time through the partial indexes, never scanning met ones.
            CREATE TABLE deadline (
                id uuid PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('investigation', 'decision', 'relief', 'papers', 'referral_answer', 'reassessment')),
                case_item_id uuid REFERENCES case_item (id),
                household_id uuid NOT NULL REFERENCES household (id),
                grid_code text NOT NULL,
                module_id text,
                started_at timestamptz NOT NULL,
                due_at timestamptz NOT NULL,
                met_at timestamptz,
                outcome text CHECK (outcome IN ('met', 'cancelled')),
                warned_at timestamptz,
                overdue_at timestamptz,
                CONSTRAINT deadline_met_has_outcome CHECK ((met_at IS NULL) = (outcome IS NULL))
            );
            CREATE INDEX deadline_open_due ON deadline (due_at) WHERE met_at IS NULL;
            CREATE INDEX deadline_item ON deadline (case_item_id, kind);
            CREATE INDEX deadline_met ON deadline (met_at) WHERE met_at IS NOT NULL;

            -- 发放: every payment belongs to an approved item; the amount is integer fen.
            CREATE TABLE payment (
                id uuid PRIMARY KEY,
                case_item_id uuid NOT NULL REFERENCES case_item (id),
                amount_fen bigint NOT NULL CHECK (amount_fen > 0),
                period_start date NOT NULL,
                period_end date NOT NULL CHECK (period_end >= period_start),
                funding_line text NOT NULL,
                payee_person_id uuid NOT NULL REFERENCES person (id),
                reference text,
                paid_at timestamptz NOT NULL,
                recorded_by uuid NOT NULL REFERENCES app_user (id),
                CONSTRAINT payment_one_per_period UNIQUE (case_item_id, period_start)
            );
            CREATE INDEX payment_paid_at ON payment (paid_at);

            -- 跟踪帮扶: after assistance a household is visited on its own interval until re-assessment.
            CREATE TABLE follow_up (
                id uuid PRIMARY KEY,
                case_item_id uuid NOT NULL UNIQUE REFERENCES case_item (id),
                household_id uuid NOT NULL REFERENCES household (id),
                visit_interval_days int NOT NULL CHECK (visit_interval_days BETWEEN 1 AND 31),
                started_at timestamptz NOT NULL,
                reassessment_due_at timestamptz NOT NULL,
                ended_at timestamptz
            );
            CREATE INDEX follow_up_open ON follow_up (household_id) WHERE ended_at IS NULL;

            -- The assistance chain's steps, written in the same transaction as the change they record,
            -- and announced on the push channel.
            CREATE TABLE assistance_event (
                id uuid PRIMARY KEY,
                household_id uuid NOT NULL REFERENCES household (id),
                grid_code text NOT NULL,
                module_id text,
                kind text NOT NULL,
                case_id uuid REFERENCES assistance_case (id),
                case_item_id uuid REFERENCES case_item (id),
                actor_id uuid REFERENCES app_user (id),
                actor_name text NOT NULL,
                at timestamptz NOT NULL,
                summary text NOT NULL,
                detail jsonb
            );
            CREATE INDEX assistance_event_household ON assistance_event (household_id, at);

            CREATE FUNCTION assistance_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('safetynet_events', json_build_object(
                    'type', NEW.kind, 'householdID', NEW.household_id, 'gridCode', NEW.grid_code, 'module', NEW.module_id,
                    'caseID', NEW.case_id, 'itemID', NEW.case_item_id, 'at', NEW.at)::text);
                RETURN NULL;
            END $$;
            CREATE TRIGGER assistance_event_notify AFTER INSERT ON assistance_event FOR EACH ROW EXECUTE FUNCTION assistance_event_notify();
            """)

    /// Indexes for the deadline service's sweep: open deadlines not yet announced, by due time.
    static let sweepIndexes = SchemaMigration(
        version: 7, name: "deadline sweep indexes",
        sql: """
            CREATE INDEX deadline_not_overdue ON deadline (due_at) WHERE met_at IS NULL AND overdue_at IS NULL;
            CREATE INDEX deadline_not_warned ON deadline (due_at) WHERE met_at IS NULL AND warned_at IS NULL AND overdue_at IS NULL;
            """)

    /// 一事一议: the joint case a lead opens on a case, and each department's answer.
    static let jointCases = SchemaMigration(
        version: 9, name: "joint cases",
        sql: """
            CREATE TABLE joint_case (
                case_id uuid PRIMARY KEY REFERENCES assistance_case (id),
                lead_module text NOT NULL,
                reason text NOT NULL,
                opened_by uuid NOT NULL REFERENCES app_user (id),
                opened_at timestamptz NOT NULL,
                conclusion text,
                concluded_by uuid REFERENCES app_user (id),
                concluded_at timestamptz,
                CONSTRAINT joint_case_conclusion_complete CHECK ((concluded_at IS NULL) = (conclusion IS NULL))
            );
            CREATE TABLE joint_contribution (
                case_id uuid NOT NULL REFERENCES joint_case (case_id),
                module_id text NOT NULL,
                contribution text,
                amount_fen bigint CHECK (amount_fen > 0),
                answered_by uuid REFERENCES app_user (id),
                answered_at timestamptz,
                PRIMARY KEY (case_id, module_id),
                CONSTRAINT joint_contribution_answer_complete CHECK ((answered_at IS NULL) = (contribution IS NULL))
            );
            CREATE INDEX joint_contribution_pending ON joint_contribution (module_id) WHERE answered_at IS NULL;
            """)

    /// The work queue (待办) reads the items an office still has to act on, in a region: a partial
    /// index over those items only, so that the queue reads no decided or closed item.
    static let workQueue = SchemaMigration(
        version: 31, name: "the work queue of open case items",
        sql: """
            CREATE INDEX case_item_open ON case_item (case_id) INCLUDE (state, module_id)
                WHERE state IN ('applied', 'accepted', 'investigating', 'reviewing', 'approved', 'disbursing');
            """)
}
