-- The worker's write path as one function, so a Kafka batch is stored in one round trip and one
-- transaction (the statement's own): insert the events (a redelivered one is skipped by its
-- (source, event_id) key), resolve each new event's audience to people, lock those people in id
-- order (two workers touching the same people wait instead of deadlocking), bump each one's
-- notification_seq under that lock (the commit-ordered cursor of the live stream), insert the
-- notifications and send one NOTIFY naming whose cursor moved. The NOTIFY is delivered when, and
-- only if, the transaction commits.
--
-- p_audience holds each event's audience as decoded by the worker: {"userIds": [...]},
-- {"departmentIds": [...]} or {"all": true}. The actor never notifies themselves.
CREATE FUNCTION store_notification_batch(
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
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = named.id);

    -- Each audience kind by its own index (people by id, departments by department_id).
    WITH new_events AS (
        SELECT * FROM unnest(v_new_pk, v_new_audience, v_new_actor_id, v_new_source, v_new_type)
            WITH ORDINALITY AS b(pk, audience, actor_id, source, type, ord)
    ), audiences AS (
        SELECT b.ord, u.id AS user_id
        FROM new_events b
        CROSS JOIN LATERAL jsonb_array_elements_text(b.audience -> 'userIds') AS named(id)
        JOIN users u ON u.id = named.id
        UNION
        SELECT b.ord, u.id
        FROM new_events b
        CROSS JOIN LATERAL jsonb_array_elements_text(b.audience -> 'departmentIds') AS department(id)
        JOIN users u ON u.department_id = department.id
        UNION
        SELECT b.ord, u.id
        FROM (SELECT * FROM new_events WHERE audience ? 'all') b
        CROSS JOIN users u
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
