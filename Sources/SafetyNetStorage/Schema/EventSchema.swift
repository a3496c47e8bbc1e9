import SafetyNetKernel

/// The push channel's events, numbered and kept: every event is written to `event_log` with a
/// sequence number in commit order, then announced on `safetynet_events`. A server that missed
/// announcements (its listener reconnecting after a PostgreSQL restart) reads them back by
/// number, and a client that reconnects asks for what it missed.
enum EventSchema {
    static let numbered = SchemaMigration(
        version: 14, name: "numbered push events kept for replay",
        sql: """
            CREATE TABLE event_head (seq bigint NOT NULL);
            INSERT INTO event_head VALUES (0);
            CREATE TABLE event_log (
                seq bigint PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT now(),
                payload jsonb NOT NULL
            );
            -- Pruning by age reads only the oldest block ranges: rows are written in time order.
            CREATE INDEX event_log_at ON event_log USING brin (at);

            CREATE FUNCTION publish_event(body jsonb) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                digest text := md5(body::text);
                seen text := coalesce(current_setting('safetynet.events_seen', true), '');
                next bigint;
            BEGIN
                -- One event per distinct payload and transaction (a household's members change together):
                -- one transaction-local setting lists the digests seen, so no setting is made per event.
                IF position(digest IN seen) > 0 THEN RETURN; END IF;
                PERFORM set_config('safetynet.events_seen', seen || digest || ' ', true);
                -- Numbered in commit order and without gaps: event_head stays locked until the transaction
                -- ends. Of the two head rows, audit_head is locked first, as every audited write locks
                -- it, so that writers take them in one order and never wait on each other in a cycle.
                PERFORM 1 FROM audit_head FOR UPDATE;
                UPDATE event_head SET seq = seq + 1 RETURNING seq INTO next;
                body := body || jsonb_build_object('seq', next);
                INSERT INTO event_log (seq, payload) VALUES (next, body);
                PERFORM pg_notify('safetynet_events', body::text);
            END $$;

            CREATE OR REPLACE FUNCTION registry_event(kind text, household uuid, grid text, previous_grid text, risk text)
            RETURNS void LANGUAGE sql AS $$
                SELECT publish_event(jsonb_strip_nulls(jsonb_build_object(
                    'type', kind, 'householdID', household, 'gridCode', grid, 'previousGridCode', previous_grid,
                    'riskLevel', risk, 'at', now())))
                WHERE coalesce(current_setting('safetynet.bulk_load', true), '') <> 'on'
            $$;

            CREATE OR REPLACE FUNCTION assistance_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM publish_event(jsonb_strip_nulls(jsonb_build_object(
                    'type', NEW.kind, 'householdID', NEW.household_id, 'gridCode', NEW.grid_code, 'module', NEW.module_id,
                    'caseID', NEW.case_id, 'itemID', NEW.case_item_id, 'referralID', NEW.referral_id, 'at', NEW.at)));
                RETURN NULL;
            END $$;
            """)

    /// The events of one transaction were told apart by a list of every digest seen so far, so a
    /// transaction announcing thousands (a batch raising its alerts, a sweep after downtime) spent
    /// time growing with the square of their number; duplicates come from one statement (a
    /// household's members changing together), so the last 64 are enough to drop them.
    static let recentDigests = SchemaMigration(
        version: 27, name: "push events deduplicated against the transaction's recent ones",
        sql: """
            CREATE OR REPLACE FUNCTION publish_event(body jsonb) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                digest text := md5(body::text);
                seen text := coalesce(current_setting('safetynet.events_seen', true), '');
                next bigint;
            BEGIN
                IF position(digest IN seen) > 0 THEN RETURN; END IF;
                -- The last 64 digests of 32 characters and a space each.
                PERFORM set_config('safetynet.events_seen', right(seen || digest || ' ', 64 * 33), true);
                PERFORM 1 FROM audit_head FOR UPDATE;
                UPDATE event_head SET seq = seq + 1 RETURNING seq INTO next;
                body := body || jsonb_build_object('seq', next);
                INSERT INTO event_log (seq, payload) VALUES (next, body);
                PERFORM pg_notify('safetynet_events', body::text);
            END $$;
            """)

    /// A batch raising thousands of alerts published each chain step by a row trigger at commit:
    /// one `publish_event` call each (≈240 µs, most of it updating `event_head` again and again in
    /// one transaction), four seconds for a large batch. A statement that writes many steps now
    /// numbers and announces them together, with `safetynet.events_by_statement` on so the row
    /// trigger leaves them alone.
    static let publishedTogether = SchemaMigration(
        version: 30, name: "a statement's chain steps pushed together",
        sql: """
            -- A chain step as the push channel carries it, for the row trigger and for statements alike.
            CREATE FUNCTION assistance_event_body(e assistance_event) RETURNS jsonb LANGUAGE sql STABLE AS $$
                SELECT jsonb_strip_nulls(jsonb_build_object(
                    'type', e.kind, 'householdID', e.household_id, 'gridCode', e.grid_code, 'module', e.module_id,
                    'caseID', e.case_id, 'itemID', e.case_item_id, 'referralID', e.referral_id, 'alertID', e.alert_id, 'at', e.at))
            $$;
            CREATE OR REPLACE FUNCTION assistance_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM publish_event(assistance_event_body(NEW));
                RETURN NULL;
            END $$;

            -- Numbers `bodies` in their order after the last event, keeps and announces them: what
            -- publish_event does for one, with the heads locked and moved once.
            CREATE FUNCTION publish_events(bodies jsonb[]) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                total integer := coalesce(cardinality(bodies), 0);
                first bigint;
            BEGIN
                IF total = 0 THEN RETURN; END IF;
                PERFORM 1 FROM audit_head FOR UPDATE;
                UPDATE event_head SET seq = seq + total RETURNING seq - total INTO first;
                INSERT INTO event_log (seq, payload)
                SELECT first + n, body || jsonb_build_object('seq', first + n) FROM unnest(bodies) WITH ORDINALITY AS u (body, n);
                PERFORM pg_notify('safetynet_events', (body || jsonb_build_object('seq', first + n))::text)
                FROM unnest(bodies) WITH ORDINALITY AS u (body, n) ORDER BY n;
            END $$;

            -- Steps written while safetynet.events_by_statement is on are published by their statement.
            -- (A constraint trigger's WHEN is judged as the row is written, not at commit.)
            DROP TRIGGER assistance_event_notify ON assistance_event;
            CREATE CONSTRAINT TRIGGER assistance_event_notify AFTER INSERT ON assistance_event
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                WHEN (coalesce(current_setting('safetynet.events_by_statement', true), '') <> 'on')
                EXECUTE FUNCTION assistance_event_notify();
            """)
}
