import SafetyNetKernel

/// The civil-affairs module's own tables.
enum CivilAffairsMigrations {
    static let all = [
        SchemaMigration(
            version: 1, name: "household economic checks",
            sql: """
                -- 家庭经济状况核对: one row per check of a household's income and assets.
                CREATE TABLE civil_affairs_economic_check (
                    id uuid PRIMARY KEY,
                    household_id uuid NOT NULL REFERENCES household(id),
                    checked_on date NOT NULL,
                    monthly_income_fen bigint NOT NULL CHECK (monthly_income_fen >= 0),
                    financial_assets_fen bigint NOT NULL CHECK (financial_assets_fen >= 0),
                    vehicles int NOT NULL DEFAULT 0 CHECK (vehicles >= 0),
                    source text NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX civil_affairs_economic_check_household ON civil_affairs_economic_check (household_id, checked_on DESC);
                """)
    ]
}
