-- Retention (PRODUCT.md §14): what the worker writes for every event is kept in monthly partitions
-- (PostgreSQL declarative partitioning, by the month in UTC of the row's writing), so a month older
-- than RETENTION_DAYS leaves as a whole table, detached and dropped (lib/retention), without a
-- long lock, a DELETE of millions of rows or the bloat it leaves. Partitioned: events (by
-- received_at), notifications (created_at), notification_updates and thread_effects (created_at).
-- An event and its notifications, effects and updates are written in one transaction, whose now()
-- is the same for all of them: they are in the same month, and leave together. A must-read
-- notice's receipts are columns of its notifications (acked_at): they leave with their notice.
--
-- A partitioned table's unique indexes must contain its partition key, so `(source, id)` can no
-- longer be unique in events across months. It is claimed in event_keys instead, a plain table
-- with that primary key, in the transaction that stores the event: the claim is what makes an
-- event stored once, in whichever month it arrives again. event_keys, dead letters, expired
-- sessions and stale sign-in attempts are few or narrow; they are deleted in small batches.
--
-- A notification also keeps its recipient's department as it was when the notification was
-- written, and a notice's receipts (PRODUCT.md §12) are counted per department as they change, in
-- notice_receipts (below): the receipt page reads fifty rows instead of joining 100,000 people to
-- their departments (79 ms at p95 before; lib/admin/get-notice-receipts.ts), and the people a notice
-- went to in a department stay counted there when one of them moves later.
--
-- Existing rows are copied into the partitioned tables in this migration (one rewrite, in its
-- transaction: the service is stopped while it runs; docs/operations.md, Upgrades).

-- The tables kept by month, and how each one's partitions are made.
CREATE FUNCTION monthly_partitioned_tables() RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['events', 'notifications', 'notification_updates', 'thread_effects'] $$;

-- Partitions for every month from p_from's to p_to's (UTC), for every table above; those that exist
-- are left alone. A new month is made as a table of its own and attached, which locks the parent
-- only against other schema changes (ATTACH takes SHARE UPDATE EXCLUSIVE; CREATE … PARTITION OF
-- would take ACCESS EXCLUSIVE and queue every reader behind it). Returns the partitions made.
CREATE FUNCTION create_monthly_partitions(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ) RETURNS TEXT[]
LANGUAGE plpgsql AS $$
DECLARE
    v_month TIMESTAMP := date_trunc('month', p_from AT TIME ZONE 'UTC');
    v_table TEXT;
    v_name TEXT;
    v_made TEXT[] := '{}';
BEGIN
    WHILE v_month <= p_to AT TIME ZONE 'UTC' LOOP
        FOREACH v_table IN ARRAY monthly_partitioned_tables() LOOP
            v_name := v_table || '_p' || to_char(v_month, 'YYYYMM');
            CONTINUE WHEN to_regclass(format('public.%I', v_name)) IS NOT NULL;
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE)%s',
                           v_name, v_table, CASE WHEN v_table = 'notifications' THEN ' WITH (fillfactor = 85)' ELSE '' END);
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', v_table, v_name,
                           v_month AT TIME ZONE 'UTC', (v_month + INTERVAL '1 month') AT TIME ZONE 'UTC');
            v_made := v_made || v_name;
        END LOOP;
        v_month := v_month + INTERVAL '1 month';
    END LOOP;
    RETURN v_made;
END;
$$;

-- The monthly partitions whose whole month ended before p_cutoff, oldest first: attached ones, one
-- whose detaching was interrupted (pending), and one detached but not yet dropped (no parent).
CREATE FUNCTION expired_partitions(p_cutoff TIMESTAMPTZ)
RETURNS TABLE (partition_name TEXT, parent_name TEXT, detach_pending BOOLEAN)
LANGUAGE sql STABLE AS $$
    SELECT c.relname::TEXT, p.relname::TEXT, coalesce(i.inhdetachpending, false)
    FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public'
    CROSS JOIN LATERAL (SELECT substring(c.relname FROM '^(.+)_p[0-9]{6}$') AS table_name,
                               to_timestamp(substring(c.relname FROM '_p([0-9]{6})$'), 'YYYYMM')::TIMESTAMP AS month) m
    LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
    LEFT JOIN pg_class p ON p.oid = i.inhparent
    WHERE c.relkind = 'r' AND m.table_name = ANY (monthly_partitioned_tables())
      AND (m.month + INTERVAL '1 month') AT TIME ZONE 'UTC' <= p_cutoff
    ORDER BY m.month, c.relname
$$;

-- The claims that keep an event stored once (see above).
CREATE TABLE "event_keys" (
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("source", "event_id")
);
INSERT INTO "event_keys" ("source", "event_id", "received_at") SELECT "source", "event_id", "received_at" FROM "events";
CREATE INDEX "event_keys_received_at_idx" ON "event_keys" ("received_at");

-- Each table is renamed, made again partitioned with the same columns, given its months (from its
-- oldest row's to two ahead; the worker keeps making them, lib/retention), refilled and dropped.
-- Its id sequence moves to the new table; its indexes are made on the new one after the copy.
ALTER TABLE "events" RENAME TO "events_unpartitioned";
ALTER TABLE "notifications" RENAME TO "notifications_unpartitioned";
ALTER TABLE "notification_updates" RENAME TO "notification_updates_unpartitioned";
ALTER TABLE "thread_effects" RENAME TO "thread_effects_unpartitioned";

CREATE TABLE "events" (LIKE "events_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)
    PARTITION BY RANGE ("received_at");
CREATE TABLE "notifications" (LIKE "notifications_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE ("created_at");
ALTER TABLE "notifications" ADD COLUMN "department_id" TEXT;
-- When the position was taken: an update leaves with the month it was made in.
ALTER TABLE "notification_updates_unpartitioned" ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE TABLE "notification_updates" (LIKE "notification_updates_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE ("created_at");
ALTER TABLE "thread_effects_unpartitioned" ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE TABLE "thread_effects" (LIKE "thread_effects_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE ("created_at");

-- The fold reads effects as rows of their table: its function takes the new table's row type.
DROP FUNCTION thread_effect_json("thread_effects_unpartitioned");
CREATE FUNCTION thread_effect_json(f "thread_effects") RETURNS JSONB
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('status', f.status, 'onlyActive', f.only_active, 'at', f.at, 'outcome', f.outcome,
                              'by', f.decided_by, 'facts', f.event_pk)
$$;

ALTER SEQUENCE "events_id_seq" OWNED BY "events"."id";
ALTER SEQUENCE "notifications_id_seq" OWNED BY "notifications"."id";
ALTER SEQUENCE "thread_effects_id_seq" OWNED BY "thread_effects"."id";

SELECT create_monthly_partitions(
    least((SELECT min("received_at") FROM "events_unpartitioned"), (SELECT min("created_at") FROM "notifications_unpartitioned"), now()),
    now() + INTERVAL '2 months');

INSERT INTO "events" ("id", "source", "event_id", "type", "subject", "time", "actor_id", "cloud_event", "topic", "partition", "kafka_offset", "received_at", "thread")
    SELECT "id", "source", "event_id", "type", "subject", "time", "actor_id", "cloud_event", "topic", "partition", "kafka_offset", "received_at", "thread"
    FROM "events_unpartitioned";
INSERT INTO "notifications" SELECT n.*, u."department_id" FROM "notifications_unpartitioned" n LEFT JOIN "users" u ON u."id" = n."user_id";
INSERT INTO "notification_updates" SELECT * FROM "notification_updates_unpartitioned";
INSERT INTO "thread_effects" SELECT * FROM "thread_effects_unpartitioned";
DROP TABLE "events_unpartitioned", "notifications_unpartitioned", "notification_updates_unpartitioned", "thread_effects_unpartitioned";

-- Primary keys with the partition key, and the same indexes as before, on every partition (a partitioned table's index is made on each).
-- Those that were unique and lack the partition key are plain now: a person's cursor (user_id, seq)
-- is unique by construction (bumped under the person's row lock), as is (event_pk, user_id) (one
-- row per recipient of a new event, whose key was just claimed).
ALTER TABLE "events" ADD PRIMARY KEY ("id", "received_at");
ALTER TABLE "notifications" ADD PRIMARY KEY ("id", "created_at");
ALTER TABLE "notification_updates" ADD PRIMARY KEY ("user_id", "seq", "created_at");
ALTER TABLE "thread_effects" ADD PRIMARY KEY ("id", "created_at");
CREATE INDEX "events_event_id_idx" ON "events" ("event_id");
CREATE INDEX "events_received_at_idx" ON "events" ("received_at");
CREATE INDEX "events_requires_ack_idx" ON "events" ("id") WHERE "requires_ack";
CREATE INDEX "events_thread_id_idx" ON "events" ("thread", "id") WHERE "thread" IS NOT NULL;
CREATE INDEX "events_type_idx" ON "events" ("type");
CREATE INDEX "notifications_user_id_seq_idx" ON "notifications" ("user_id", "seq");
CREATE INDEX "notifications_event_pk_user_id_idx" ON "notifications" ("event_pk", "user_id");
CREATE INDEX "notifications_created_at_id_idx" ON "notifications" ("created_at", "id");
CREATE INDEX "notifications_source_created_at_id_idx" ON "notifications" ("source", "created_at", "id");
CREATE INDEX "notifications_type_created_at_id_idx" ON "notifications" ("type", "created_at", "id");
CREATE INDEX "notifications_unread_created_at_id_idx" ON "notifications" ("created_at", "id") WHERE "read_at" IS NULL;
CREATE INDEX "notifications_unread_idx" ON "notifications" ("user_id", "seq" DESC) WHERE "read_at" IS NULL;
CREATE INDEX "notifications_thread_user_id_seq_idx" ON "notifications" ("thread", "user_id", "seq") WHERE "thread" IS NOT NULL;
CREATE INDEX "notifications_pending_action_idx" ON "notifications" ("user_id", "seq" DESC) WHERE "action" ->> 'status' = 'pending';
-- Who has not yet acknowledged a notice, by department (the receipt page's pending list).
CREATE INDEX "notifications_notice_pending_idx" ON "notifications" ("event_pk", "department_id")
    INCLUDE ("user_id") WHERE "type" = 'board.notice.published' AND "acked_at" IS NULL;
CREATE INDEX "thread_effects_event_pk_idx" ON "thread_effects" ("event_pk");
CREATE INDEX "thread_effects_thread_at_id_idx" ON "thread_effects" ("thread", "at", "id");

-- A notice's receipts per department: how many it reached, read it and acknowledged it. The store
-- function adds its recipients as it writes them; a trigger moves the read and acknowledged counts
-- as a notice's notification is read, unread or acknowledged, in the transaction that does it (the
-- ack route, the read routes, mark-all-read, snooze). Kept exact: every writer of read_at and
-- acked_at goes through an UPDATE of the row, and the trigger sees each one.
CREATE TABLE "notice_receipts" (
    "event_pk" BIGINT NOT NULL,
    "department_id" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "read" INTEGER NOT NULL DEFAULT 0,
    "acknowledged" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("event_pk", "department_id")
);
INSERT INTO "notice_receipts" ("event_pk", "department_id", "total", "read", "acknowledged")
    SELECT "event_pk", coalesce("department_id", ''), count(*), count("read_at"), count("acked_at")
    FROM "notifications" WHERE "type" = 'board.notice.published' GROUP BY 1, 2;

CREATE FUNCTION count_notice_receipt() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE notice_receipts
    SET "read" = "read" + (NEW.read_at IS NOT NULL)::INT - (OLD.read_at IS NOT NULL)::INT,
        acknowledged = acknowledged + (NEW.acked_at IS NOT NULL)::INT - (OLD.acked_at IS NOT NULL)::INT
    WHERE event_pk = NEW.event_pk AND department_id = coalesce(NEW.department_id, '');
    RETURN NULL;
END;
$$;

-- Only for a notice's row whose read or acknowledged state changed: every other update of a
-- notification (delivered_at in batches, a status change) passes by at the cost of the WHEN.
CREATE TRIGGER notifications_notice_receipts
    AFTER UPDATE OF read_at, acked_at ON "notifications"
    FOR EACH ROW
    WHEN (NEW.type = 'board.notice.published'
          AND ((OLD.read_at IS NULL) <> (NEW.read_at IS NULL) OR (OLD.acked_at IS NULL) <> (NEW.acked_at IS NULL)))
    EXECUTE FUNCTION count_notice_receipt();

-- The reminder at a notice's due date, made after the copy (which would have queued every
-- reminder again): migration 20261203010000_notice_reminders.
CREATE TRIGGER events_notice_due_reminder
    AFTER INSERT ON "events"
    FOR EACH ROW
    WHEN (NEW.requires_ack AND NEW.subject IS NOT NULL AND NEW.cloud_event -> 'data' ? 'ackDueAt')
    EXECUTE FUNCTION queue_notice_due_reminder();

-- The worker's write path claims each event's key in event_keys before storing it, and writes each
-- recipient's department with the notification and counts a notice's recipients in its receipts;
-- the rest is as in 20261202020000_threads.
CREATE OR REPLACE FUNCTION store_notification_batch(
    p_source TEXT[],
    p_event_id TEXT[],
    p_type TEXT[],
    p_subject TEXT[],
    p_time TIMESTAMPTZ[],
    p_actor_id TEXT[],
    p_cloud_event JSONB[],
    p_topic TEXT[],
    p_partition INTEGER[],
    p_offset BIGINT[],
    p_audience JSONB[],
    p_effect JSONB[]
) RETURNS TABLE (stored_events INTEGER, stored_notifications INTEGER, unknown_recipients INTEGER, updated_notifications INTEGER)
-- No JIT: the planner's guesses for JSON lists make the statements look costly enough to compile,
-- and compiling a batch of fifty events took over a second (the statements themselves take ms).
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    v_new_pk BIGINT[];
    v_new_audience JSONB[];
    v_new_actor_id TEXT[];
    v_new_source TEXT[];
    v_new_type TEXT[];
    v_new_thread TEXT[];
    v_new_at TIMESTAMPTZ[];
    v_effect_threads TEXT[];
    v_changed_threads TEXT[];
    v_named TEXT[];
    v_unknown INTEGER;
    v_event_pk BIGINT[];
    v_user_id TEXT[];
    v_department_id TEXT[];
    v_source TEXT[];
    v_type TEXT[];
    v_thread TEXT[];
    v_at TIMESTAMPTZ[];
    v_update_id BIGINT[];
    v_update_user TEXT[];
    v_update_state JSONB[];
    v_payload TEXT;
    v_bucket INTEGER;
    v_exclusive BOOLEAN;
BEGIN
    -- An effect and the notification it applies to must not be stored side by side (two workers,
    -- or two partitions), each unseen by the other: a batch with an effect on a thread holds the
    -- thread exclusively, one with only new notifications shares it, so those never wait on each
    -- other. Threads are locked by bucket (1,024 buckets: at most that many locks per batch, within the
    -- server's lock table whatever the batch size), in bucket order and before any person's row,
    -- so two batches never wait on each other in a circle.
    FOR v_bucket, v_exclusive IN
        SELECT (hashtextextended(i.s || '|' || i.subject, 0) & 1023)::INTEGER, bool_or(i.effect IS NOT NULL)
        FROM unnest(p_source, p_subject, p_effect) AS i(s, subject, effect)
        WHERE i.subject IS NOT NULL
        GROUP BY 1 ORDER BY 1
    LOOP
        IF v_exclusive THEN
            PERFORM pg_advisory_xact_lock(1700, v_bucket);
        ELSE
            PERFORM pg_advisory_xact_lock_shared(1700, v_bucket);
        END IF;
    END LOOP;

    -- Insert; keep each new event once, in batch order (a batch may hold one event twice).
    WITH input AS (
        SELECT i.*, CASE WHEN i.subject IS NOT NULL THEN i.source || '|' || i.subject END AS thread
        FROM unnest(p_source, p_event_id, p_type, p_subject, p_time, p_actor_id, p_cloud_event, p_topic, p_partition, p_offset, p_audience, p_effect)
            WITH ORDINALITY AS i(source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset, audience, effect, ord)
    ), first_of_key AS (
        SELECT DISTINCT ON (source, event_id) * FROM input ORDER BY source, event_id, ord
    ), claimed AS (
        -- The key is claimed first: a second worker storing the same event waits here for the first
        -- one's transaction, then finds the key taken and stores nothing.
        INSERT INTO event_keys (source, event_id)
        SELECT source, event_id FROM first_of_key ORDER BY ord
        ON CONFLICT (source, event_id) DO NOTHING
        RETURNING source, event_id
    ), inserted AS (
        INSERT INTO events (source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset, thread)
        SELECT source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset, thread
        FROM first_of_key JOIN claimed USING (source, event_id) ORDER BY ord
        RETURNING id, source, event_id, received_at
    ), new_events AS (
        SELECT inserted.id AS pk, coalesce(first_of_key.time, inserted.received_at) AS at, first_of_key.*
        FROM inserted JOIN first_of_key USING (source, event_id)
    ), effects AS (
        -- Who settled it is shown as the actor is: a person the directory knows, by the directory's name.
        INSERT INTO thread_effects (thread, event_pk, at, status, types, only_active, user_id, outcome, decided_by)
        SELECT thread, pk, at, effect ->> 'status', ARRAY(SELECT jsonb_array_elements_text(effect -> 'types')),
               coalesce((effect ->> 'onlyActive')::BOOLEAN, false), effect ->> 'userId', effect ->> 'outcome',
               CASE WHEN known.name IS NOT NULL THEN jsonb_set(effect -> 'by', '{name}', to_jsonb(known.name)) ELSE effect -> 'by' END
        FROM new_events LEFT JOIN users known ON known.id = effect -> 'by' ->> 'id'
        WHERE effect IS NOT NULL AND thread IS NOT NULL
        RETURNING thread
    )
    SELECT array_agg(pk ORDER BY ord), array_agg(audience ORDER BY ord), array_agg(actor_id ORDER BY ord),
           array_agg(source ORDER BY ord), array_agg(type ORDER BY ord), array_agg(thread ORDER BY ord), array_agg(at ORDER BY ord),
           (SELECT array_agg(DISTINCT thread) FROM effects)
    INTO v_new_pk, v_new_audience, v_new_actor_id, v_new_source, v_new_type, v_new_thread, v_new_at, v_changed_threads
    FROM new_events;
    IF v_new_pk IS NULL THEN
        RETURN QUERY SELECT 0, 0, 0, 0;
        RETURN;
    END IF;

    -- The batch's threads that have any effect: only their new notifications need folding.
    SELECT array_agg(DISTINCT t.thread) INTO v_effect_threads
    FROM unnest(v_new_thread) AS t(thread)
    WHERE t.thread IS NOT NULL AND EXISTS (SELECT 1 FROM thread_effects f WHERE f.thread = t.thread);

    -- Named people who are not in the directory are counted, not notified. The names are gathered
    -- first: the planner cannot see how many a JSON list holds, guessed 100 per event and hashed the
    -- whole directory for a batch of fifty; an array's elements it probes one by one.
    SELECT array_agg(DISTINCT named.id) INTO v_named
    FROM unnest(v_new_audience) AS b(audience)
    CROSS JOIN LATERAL jsonb_array_elements_text(b.audience -> 'userIds') AS named(id);
    SELECT count(*)::INTEGER INTO v_unknown
    FROM unnest(v_named) AS named(id)
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = named.id AND u.active);

    -- Each audience kind by its own index (people by id, departments by department_id).
    WITH new_events AS (
        SELECT * FROM unnest(v_new_pk, v_new_audience, v_new_actor_id, v_new_source, v_new_type, v_new_thread, v_new_at)
            WITH ORDINALITY AS b(pk, audience, actor_id, source, type, thread, at, ord)
    ), audiences AS (
        SELECT b.ord, u.id AS user_id, u.department_id
        FROM new_events b
        CROSS JOIN LATERAL jsonb_array_elements_text(b.audience -> 'userIds') AS named(id)
        JOIN users u ON u.id = named.id AND u.active
        UNION
        SELECT b.ord, u.id, u.department_id
        FROM new_events b
        CROSS JOIN LATERAL jsonb_array_elements_text(b.audience -> 'departmentIds') AS department(id)
        JOIN users u ON u.department_id = department.id AND u.active
        UNION
        SELECT b.ord, u.id, u.department_id
        FROM (SELECT * FROM new_events WHERE audience ? 'all') b
        JOIN users u ON u.active
    )
    SELECT array_agg(b.pk ORDER BY b.ord, a.user_id), array_agg(a.user_id ORDER BY b.ord, a.user_id),
           array_agg(a.department_id ORDER BY b.ord, a.user_id),
           array_agg(b.source ORDER BY b.ord, a.user_id), array_agg(b.type ORDER BY b.ord, a.user_id),
           array_agg(b.thread ORDER BY b.ord, a.user_id), array_agg(b.at ORDER BY b.ord, a.user_id)
    INTO v_event_pk, v_user_id, v_department_id, v_source, v_type, v_thread, v_at
    FROM audiences a JOIN new_events b USING (ord)
    WHERE a.user_id IS DISTINCT FROM b.actor_id;

    -- Stored notifications that this batch's effects change.
    IF v_changed_threads IS NOT NULL THEN
        WITH folded AS (
            SELECT n.id, n.user_id, n.status, n.facts_event_pk,
                   notification_state(n.thread, n.type, n.user_id, n.event_pk, coalesce(e.time, e.received_at)) AS state
            FROM notifications n JOIN events e ON e.id = n.event_pk
            WHERE n.thread = ANY (v_changed_threads)
        )
        SELECT array_agg(id ORDER BY user_id, id), array_agg(user_id ORDER BY user_id, id), array_agg(state ORDER BY user_id, id)
        INTO v_update_id, v_update_user, v_update_state
        FROM folded
        WHERE (state ->> 'status', (state ->> 'facts')::BIGINT) IS DISTINCT FROM (status, facts_event_pk);
    END IF;
    IF v_user_id IS NULL AND v_update_id IS NULL THEN
        RETURN QUERY SELECT cardinality(v_new_pk), 0, v_unknown, 0;
        RETURN;
    END IF;

    -- Every person with a new or changed row, locked in id order (the order every writer uses).
    PERFORM 1 FROM users WHERE id = ANY (v_user_id || v_update_user) ORDER BY id FOR UPDATE;

    -- Each person's new rows take the next cursors in batch order, their changed rows the ones after.
    WITH wanted AS (
        SELECT user_id, count(*) FILTER (WHERE kind = 'new')::INTEGER AS new_rows, count(*) FILTER (WHERE kind = 'update')::INTEGER AS updates
        FROM (SELECT unnest(v_user_id) AS user_id, 'new' AS kind UNION ALL SELECT unnest(v_update_user), 'update') w
        GROUP BY user_id
    ), bumped AS (
        UPDATE users SET notification_seq = users.notification_seq + w.new_rows + w.updates
        FROM wanted w
        WHERE users.id = w.user_id
        RETURNING users.id, users.notification_seq AS last_seq, w.new_rows, w.updates
    ), numbered AS (
        SELECT r.user_id, r.department_id, r.event_pk, r.source, r.type, r.thread,
               bumped.last_seq - bumped.updates - bumped.new_rows + row_number() OVER (PARTITION BY r.user_id ORDER BY r.place) AS seq,
               CASE WHEN r.thread = ANY (v_effect_threads) THEN notification_state(r.thread, r.type, r.user_id, r.event_pk, r.at) END AS state
        FROM unnest(v_user_id, v_department_id, v_event_pk, v_source, v_type, v_thread, v_at)
            WITH ORDINALITY AS r(user_id, department_id, event_pk, source, type, thread, at, place)
        JOIN bumped ON bumped.id = r.user_id
    ), written AS (
        INSERT INTO notifications (user_id, department_id, seq, event_pk, source, type, thread, status, status_at, facts_event_pk, action)
        SELECT user_id, department_id, seq, event_pk, source, type, thread,
               coalesce(state ->> 'status', 'active'), (state ->> 'at')::TIMESTAMPTZ, (state ->> 'facts')::BIGINT,
               approval_action(type, coalesce(state, '{"status":"active"}'), NULL)
        FROM numbered
    ), counted AS (
        -- A notice's recipients in its receipts, per department (notice_receipts above).
        INSERT INTO notice_receipts (event_pk, department_id, total)
        SELECT event_pk, coalesce(department_id, ''), count(*) FROM numbered
        WHERE type = 'board.notice.published'
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (event_pk, department_id) DO UPDATE SET total = notice_receipts.total + excluded.total
    ), changed AS (
        UPDATE notifications n
        SET status = u.state ->> 'status', status_at = (u.state ->> 'at')::TIMESTAMPTZ, facts_event_pk = (u.state ->> 'facts')::BIGINT,
            action = approval_action(n.type, u.state, n.action)
        FROM unnest(v_update_id, v_update_state) AS u(id, state)
        WHERE n.id = u.id
    ), positions AS (
        INSERT INTO notification_updates (user_id, seq, notification_id)
        SELECT u.user_id, bumped.last_seq - bumped.updates + row_number() OVER (PARTITION BY u.user_id ORDER BY u.id), u.id
        FROM unnest(v_update_user, v_update_id) AS u(user_id, id)
        JOIN bumped ON bumped.id = u.user_id
    )
    SELECT json_build_object('u', json_agg(json_build_array(id, last_seq) ORDER BY id))::TEXT INTO v_payload FROM bumped;

    -- Postgres caps a NOTIFY payload at 8000 bytes; past that, listeners are told to check everyone.
    IF length(v_payload) > 7000 THEN
        v_payload := '{"u":null}';
    END IF;
    PERFORM pg_notify('gw_notifications', v_payload);

    RETURN QUERY SELECT cardinality(v_new_pk), coalesce(cardinality(v_user_id), 0), v_unknown, coalesce(cardinality(v_update_id), 0);
END;
$$;
