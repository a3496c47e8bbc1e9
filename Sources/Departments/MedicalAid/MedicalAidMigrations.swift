import SafetyNetKernel

/// The medical-aid module's own tables.
enum MedicalAidMigrations {
    static let all = [
        SchemaMigration(
            version: 1, name: "settlement records",
            sql: """
                -- Settlement records pushed by the medical insurance system, matched to persons by blind index.
                CREATE TABLE medical_aid_settlement (
                    id uuid PRIMARY KEY,
                    person_id uuid REFERENCES person(id),
                    id_number_index bytea NOT NULL,
                    settled_on date NOT NULL,
                    total_cost_fen bigint NOT NULL CHECK (total_cost_fen >= 0),
                    self_paid_fen bigint NOT NULL CHECK (self_paid_fen >= 0 AND self_paid_fen <= total_cost_fen),
                    institution text NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX medical_aid_settlement_person_year ON medical_aid_settlement (person_id, settled_on);
                """)
    ]
}
