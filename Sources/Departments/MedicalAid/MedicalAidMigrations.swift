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
                """),
        SchemaMigration(
            version: 2, name: "the year and amount of settlement rows stored before feed rows kept them",
            sql: """
                -- Since kernel migration 35 the server keeps each row's year and self-paid amount beside it
                -- for the annual self-paid alert; the settlement rows stored before get theirs here.
                UPDATE feed_row r SET total_year = extract(year FROM (r.fields->>'settledOn')::date)::integer,
                                      total_fen = (r.fields->>'selfPaid')::bigint
                FROM feed_batch b WHERE b.id = r.batch_id AND b.feed_id = 'medical-aid.settlements';
                """),
    ]
}
