import PostgresClient

/// The two roles a deployment runs with. The owner holds the schema and runs the migrations;
/// the server connects as the runtime role, which may read and write the tables but may only
/// append to the audit log, and can change no schema, switch no trigger off and rewrite no entry.
public enum DatabaseRoles {
    /// Gives `role` what the server needs on every table, after the migrations ran: read and
    /// write, but on `audit_log` only read and insert, and on the migration ledger only read.
    /// Run as the owner; safe to run again.
    public static func grantRuntime(_ role: String, on pool: ConnectionPool) async throws {
        try await pool.transaction { connection in
            try connection.query("SELECT set_config('safetynet.runtime_role', \(role), true)")
            try connection.execute(
                script: """
                    DO $$
                    DECLARE runtime text := quote_ident(current_setting('safetynet.runtime_role'));
                    BEGIN
                        EXECUTE 'GRANT USAGE ON SCHEMA public TO ' || runtime;
                        EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ' || runtime;
                        EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ' || runtime;
                        EXECUTE 'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM ' || runtime;
                        EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ' || runtime;
                        -- Tables the owner creates later (a module enabled from the command line) are the server's too.
                        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ' || runtime;
                        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ' || runtime;
                    END $$
                    """)
        }
    }

    /// Creates the login `role` with `password`, or sets its password when it exists (the demo's
    /// runtime role); needs a role that may create roles.
    public static func ensureLogin(_ role: String, password: String, on pool: ConnectionPool) async throws {
        try await pool.transaction { connection in
            try connection.query("SELECT set_config('safetynet.role', \(role), true), set_config('safetynet.password', \(password), true)")
            try connection.execute(
                script: """
                    DO $$
                    BEGIN
                        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_setting('safetynet.role')) THEN
                            EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', current_setting('safetynet.role'), current_setting('safetynet.password'));
                        ELSE
                            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', current_setting('safetynet.role'), current_setting('safetynet.password'));
                        END IF;
                    END $$
                    """)
        }
    }

    /// The role `pool` connects as.
    public static func currentRole(of pool: ConnectionPool) async throws -> String {
        try await pool.query("SELECT current_user AS role")[0].decode("role")
    }
}
