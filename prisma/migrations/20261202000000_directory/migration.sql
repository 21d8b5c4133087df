-- The company's directory (docs/events.md, "The directory"): people and departments come from the
-- directory service's events. Each row remembers the CloudEvent time of the change it last took
-- (directory_time), so a replayed or reordered older change never overwrites a newer one; a person
-- may arrive before their department, which then shows its id as its name until its own event.
ALTER TABLE "departments" ADD COLUMN "parent_id" TEXT;
ALTER TABLE "departments" ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "departments" ADD COLUMN "directory_time" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "directory_time" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- /admin/directory: search by name, email or id anywhere in them (trigram indexes make "%kim%"
-- an index scan at 100,000 people), listed by name then id.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin ((lower("name") || ' ' || lower("email") || ' ' || lower("id")) gin_trgm_ops);
CREATE INDEX "users_name_id_idx" ON "users"("name", "id");
CREATE INDEX "users_department_id_name_id_idx" ON "users"("department_id", "name", "id");
-- The audience of a department notice is found by that one too.
DROP INDEX "users_department_id_idx";

-- A deactivated person is in no audience again; a deactivated id named directly is skipped and
-- counted like an unknown one. (The function of 20261125030000_store_batch_function, with the
-- directory's "active" in each audience.)
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
    p_audience JSONB[]
) RETURNS TABLE (stored_events INTEGER, stored_notifications INTEGER, unknown_recipients INTEGER)
LANGUAGE plpgsql AS $$
DECLARE
    -- The new events (arrays side by side), then one entry per notification to write. Later
    -- statements unnest these arrays instead of subscripting the parameters row by row.
    v_new_pk BIGINT[];
    v_new_audience JSONB[];
    v_new_actor_id TEXT[];
    v_new_source TEXT[];
    v_new_type TEXT[];
    v_event_pk BIGINT[];
    v_user_id TEXT[];
    v_source TEXT[];
    v_type TEXT[];
    v_unknown INTEGER;
    v_people TEXT[];
    v_counts INTEGER[];
    v_payload TEXT;
BEGIN
    -- Insert; keep each new event once, in batch order (a batch may hold one event twice).
    WITH input AS (
        SELECT * FROM unnest(p_source, p_event_id, p_type, p_subject, p_time, p_actor_id, p_cloud_event, p_topic, p_partition, p_offset, p_audience)
            WITH ORDINALITY AS i(source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset, audience, ord)
    ), inserted AS (
        INSERT INTO events (source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset)
        SELECT source, event_id, type, subject, time, actor_id, cloud_event, topic, partition, kafka_offset FROM input ORDER BY ord
        ON CONFLICT (source, event_id) DO NOTHING
        RETURNING id, source, event_id
    ), new_events AS (
        SELECT DISTINCT ON (inserted.id) inserted.id AS pk, input.*
        FROM inserted JOIN input USING (source, event_id)
        ORDER BY inserted.id, input.ord
    )
    SELECT array_agg(pk ORDER BY ord), array_agg(audience ORDER BY ord), array_agg(actor_id ORDER BY ord),
           array_agg(source ORDER BY ord), array_agg(type ORDER BY ord)
    INTO v_new_pk, v_new_audience, v_new_actor_id, v_new_source, v_new_type
    FROM new_events;
    IF v_new_pk IS NULL THEN
        RETURN QUERY SELECT 0, 0, 0;
        RETURN;
    END IF;

    -- Named people who are not in the directory are counted, not notified.
    SELECT count(*)::INTEGER INTO v_unknown
    FROM unnest(v_new_audience) AS b(audience)
    CROSS JOIN LATERAL (SELECT DISTINCT jsonb_array_elements_text(b.audience -> 'userIds') AS id) named
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = named.id AND u.active);

    -- Each audience kind by its own index (people by id, departments by department_id).
    WITH new_events AS (
        SELECT * FROM unnest(v_new_pk, v_new_audience, v_new_actor_id, v_new_source, v_new_type)
            WITH ORDINALITY AS b(pk, audience, actor_id, source, type, ord)
    ), audiences AS (
        SELECT b.ord, u.id AS user_id
        FROM new_events b
        CROSS JOIN LATERAL jsonb_array_elements_text(b.audience -> 'userIds') AS named(id)
        JOIN users u ON u.id = named.id AND u.active
        UNION
        SELECT b.ord, u.id
        FROM new_events b
        CROSS JOIN LATERAL jsonb_array_elements_text(b.audience -> 'departmentIds') AS department(id)
        JOIN users u ON u.department_id = department.id AND u.active
        UNION
        SELECT b.ord, u.id
        FROM (SELECT * FROM new_events WHERE audience ? 'all') b
        JOIN users u ON u.active
    )
    SELECT array_agg(b.pk ORDER BY b.ord, a.user_id), array_agg(a.user_id ORDER BY b.ord, a.user_id),
           array_agg(b.source ORDER BY b.ord, a.user_id), array_agg(b.type ORDER BY b.ord, a.user_id)
    INTO v_event_pk, v_user_id, v_source, v_type
    FROM audiences a JOIN new_events b USING (ord)
    WHERE a.user_id IS DISTINCT FROM b.actor_id;
    IF v_user_id IS NULL THEN
        RETURN QUERY SELECT cardinality(v_new_pk), 0, v_unknown;
        RETURN;
    END IF;

    SELECT array_agg(user_id ORDER BY user_id), array_agg(n ORDER BY user_id)
    INTO v_people, v_counts
    FROM (SELECT user_id, count(*)::INTEGER AS n FROM unnest(v_user_id) AS t(user_id) GROUP BY user_id) c;

    PERFORM 1 FROM users WHERE id = ANY (v_people) ORDER BY id FOR UPDATE;

    -- Each person's notifications take the next cursors in batch order.
    WITH bumped AS (
        UPDATE users SET notification_seq = users.notification_seq + c.n
        FROM unnest(v_people, v_counts) AS c(id, n)
        WHERE users.id = c.id
        RETURNING users.id, users.notification_seq AS last_seq, c.n
    ), numbered AS (
        SELECT r.user_id, r.event_pk, r.source, r.type,
               bumped.last_seq - bumped.n + row_number() OVER (PARTITION BY r.user_id ORDER BY r.place) AS seq
        FROM unnest(v_user_id, v_event_pk, v_source, v_type) WITH ORDINALITY AS r(user_id, event_pk, source, type, place)
        JOIN bumped ON bumped.id = r.user_id
    ), written AS (
        INSERT INTO notifications (user_id, seq, event_pk, source, type)
        SELECT user_id, seq, event_pk, source, type FROM numbered
    )
    SELECT json_build_object('u', json_agg(json_build_array(id, last_seq) ORDER BY id))::TEXT INTO v_payload FROM bumped;

    -- Postgres caps a NOTIFY payload at 8000 bytes; past that, listeners are told to check everyone.
    IF length(v_payload) > 7000 THEN
        v_payload := '{"u":null}';
    END IF;
    PERFORM pg_notify('gw_notifications', v_payload);

    RETURN QUERY SELECT cardinality(v_new_pk), cardinality(v_user_id), v_unknown;
END;
$$;

-- The worker's write path for the directory's events: one call per Kafka batch, already reduced
-- to the last change of each key (the worker keeps the newest by CloudEvent time). Every change
-- applies only over an older one (or none), so replays and reordering across partitions are safe.
-- Newly inactive people lose their sessions, and one NOTIFY on gw_people_left tells every web
-- process to close their streams: {"u":[ids]}, or {"u":null} past the payload limit (check all).
CREATE FUNCTION apply_directory_batch(p_type TEXT[], p_time TIMESTAMPTZ[], p_data JSONB[])
RETURNS TABLE (applied INTEGER, ignored INTEGER, left_people INTEGER)
LANGUAGE plpgsql AS $$
DECLARE
    v_applied INTEGER := 0;
    v_rows INTEGER;
    v_left TEXT[];
    v_payload TEXT;
BEGIN
    -- One directory batch at a time, across partitions and workers: they touch the same
    -- departments, and would otherwise deadlock on them. Then every row this batch changes is
    -- locked in id order, the order store_notification_batch locks people in, so a directory
    -- batch and a notification batch wait for each other instead of deadlocking.
    PERFORM pg_advisory_xact_lock(hashtext('apply_directory_batch'));
    PERFORM 1 FROM departments
    WHERE id IN (SELECT coalesce(data ->> 'departmentId', data ->> 'id') FROM unnest(p_type, p_data) AS i(type, data)
                 WHERE type LIKE 'directory.department.%' OR type = 'directory.user.upserted')
    ORDER BY id FOR UPDATE;
    PERFORM 1 FROM users
    WHERE id IN (SELECT data ->> 'id' FROM unnest(p_type, p_data) AS i(type, data) WHERE type LIKE 'directory.user.%')
    ORDER BY id FOR UPDATE;

    -- Departments: a new name or parent, or a removal (kept, inactive: its people still belong to it).
    WITH changes AS (
        SELECT type, time, data FROM unnest(p_type, p_time, p_data) AS i(type, time, data)
        WHERE type IN ('directory.department.upserted', 'directory.department.removed')
    ), written AS (
        INSERT INTO departments (id, name, parent_id, active, directory_time)
        SELECT data ->> 'id', coalesce(data ->> 'name', data ->> 'id'), data ->> 'parentId',
               type = 'directory.department.upserted', time
        FROM changes
        ON CONFLICT (id) DO UPDATE SET
            name = CASE WHEN excluded.active THEN excluded.name ELSE departments.name END,
            parent_id = CASE WHEN excluded.active THEN excluded.parent_id ELSE departments.parent_id END,
            active = excluded.active,
            directory_time = excluded.directory_time
        WHERE departments.directory_time IS NULL OR departments.directory_time <= excluded.directory_time
        RETURNING 1
    )
    SELECT count(*) INTO v_rows FROM written;
    v_applied := v_applied + v_rows;

    -- A person may come before their department: it shows its id as its name until its own event.
    INSERT INTO departments (id, name)
    SELECT DISTINCT data ->> 'departmentId', data ->> 'departmentId'
    FROM unnest(p_type, p_data) AS i(type, data)
    WHERE type = 'directory.user.upserted'
    ON CONFLICT (id) DO NOTHING;

    -- People: joined, changed or back.
    WITH written AS (
        INSERT INTO users (id, email, name, department_id, role, locale, active, password_hash, directory_time, updated_at)
        SELECT data ->> 'id', data ->> 'email', data ->> 'name', data ->> 'departmentId',
               coalesce(data ->> 'role', 'USER')::"Role", (data ->> 'locale')::"Locale",
               coalesce((data ->> 'active')::boolean, true), '-', time, now() -- '-': no password (NO_PASSWORD)
        FROM unnest(p_type, p_time, p_data) AS i(type, time, data)
        WHERE type = 'directory.user.upserted'
        ON CONFLICT (id) DO UPDATE SET
            email = excluded.email,
            name = excluded.name,
            department_id = excluded.department_id,
            role = excluded.role,
            -- No language in the event keeps the one the person chose.
            locale = coalesce(excluded.locale, users.locale),
            active = excluded.active,
            directory_time = excluded.directory_time,
            updated_at = now()
        WHERE users.directory_time IS NULL OR users.directory_time <= excluded.directory_time
        RETURNING users.id, users.active
    )
    SELECT count(*), array_agg(id) FILTER (WHERE NOT active) INTO v_rows, v_left FROM written;
    v_applied := v_applied + v_rows;

    -- People gone. One the directory never announced has nothing to end.
    WITH gone AS (
        UPDATE users SET active = false, directory_time = d.time, updated_at = now()
        FROM unnest(p_type, p_time, p_data) AS d(type, time, data)
        WHERE d.type = 'directory.user.deactivated' AND users.id = d.data ->> 'id'
          AND (users.directory_time IS NULL OR users.directory_time <= d.time)
        RETURNING users.id
    )
    SELECT count(*), coalesce(v_left, '{}') || coalesce(array_agg(id), '{}') INTO v_rows, v_left FROM gone;
    v_applied := v_applied + v_rows;
    IF cardinality(v_left) = 0 THEN
        v_left := NULL;
    END IF;

    IF v_left IS NOT NULL THEN
        DELETE FROM sessions WHERE user_id = ANY (v_left);
        v_payload := json_build_object('u', to_json(v_left))::TEXT;
        IF length(v_payload) > 7000 THEN
            v_payload := '{"u":null}';
        END IF;
        PERFORM pg_notify('gw_people_left', v_payload);
    END IF;

    RETURN QUERY SELECT v_applied, cardinality(p_type) - v_applied, coalesce(cardinality(v_left), 0);
END;
$$;
