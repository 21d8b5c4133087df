-- A person's open must-read notices were counted by probing their notification of every must-read
-- event in the retention window (events_requires_ack_idx), for every person of every live-stream
-- read: a cost that grows with the company's must-read notices over the years, not with what the
-- person has open. A notification now carries whether its notice must be read, written with it by
-- store_notification_batch from its event's generated column, and a partial index holds only the
-- rows still waiting for their reader's acknowledgement, so the count reads only those. The
-- function's statements are now planned once per connection, except in a large batch (below).

ALTER TABLE "notifications" ADD COLUMN "requires_ack" BOOLEAN NOT NULL DEFAULT false;

-- The notifications of the must-read events stored so far, found by (event_pk, user_id).
UPDATE "notifications" n SET "requires_ack" = true
FROM "events" e
WHERE e."requires_ack" AND n."event_pk" = e."id";

-- On the partitioned table: every month's partition gets it, the ones the retention job adds too.
CREATE INDEX "notifications_open_ack_idx" ON "notifications" ("user_id")
    WHERE "requires_ack" AND "acked_at" IS NULL AND "snoozed_until" IS NULL;

-- The rest of the function is as in 20261206000000_fold_by_thread.
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
-- Only by index: 20261205000000_batch_plans says why (a replaced function loses its SET clauses).
-- Plans made once per connection: planned for each batch, as PostgreSQL chose, its statements cost
-- more to plan than to run (bench:soak at 500 events/s: 10.5 ms per batch, 5.4 of them planning;
-- 4.1 ms so). A large batch is planned for its own size all the same (below).
LANGUAGE plpgsql SET jit = off SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_new_pk BIGINT[];
    v_new_audience JSONB[];
    v_new_actor_id TEXT[];
    v_new_source TEXT[];
    v_new_type TEXT[];
    v_new_thread TEXT[];
    v_new_at TIMESTAMPTZ[];
    v_new_requires_ack BOOLEAN[];
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
    v_requires_ack BOOLEAN[];
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
        RETURNING id, source, event_id, received_at, requires_ack
    ), new_events AS (
        SELECT inserted.id AS pk, coalesce(first_of_key.time, inserted.received_at) AS at, inserted.requires_ack, first_of_key.*
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
           array_agg(requires_ack ORDER BY ord), (SELECT array_agg(DISTINCT thread) FROM effects)
    INTO v_new_pk, v_new_audience, v_new_actor_id, v_new_source, v_new_type, v_new_thread, v_new_at, v_new_requires_ack, v_changed_threads
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
        SELECT * FROM unnest(v_new_pk, v_new_audience, v_new_actor_id, v_new_source, v_new_type, v_new_thread, v_new_at, v_new_requires_ack)
            WITH ORDINALITY AS b(pk, audience, actor_id, source, type, thread, at, requires_ack, ord)
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
           array_agg(b.thread ORDER BY b.ord, a.user_id), array_agg(b.at ORDER BY b.ord, a.user_id),
           array_agg(b.requires_ack ORDER BY b.ord, a.user_id)
    INTO v_event_pk, v_user_id, v_department_id, v_source, v_type, v_thread, v_at, v_requires_ack
    FROM audiences a JOIN new_events b USING (ord)
    WHERE a.user_id IS DISTINCT FROM b.actor_id;

    -- Stored notifications that this batch's effects change.
    IF v_changed_threads IS NOT NULL THEN
        -- Found by the thread index first, sorted after (the materialized CTE keeps the two apart).
        WITH folded AS MATERIALIZED (
            SELECT n.id, n.user_id, n.status, n.facts_event_pk,
                   notification_state(n.thread, n.type, n.user_id, n.event_pk, e.at) AS state
            FROM notifications n
            CROSS JOIN LATERAL (SELECT coalesce(e.time, e.received_at) AS at FROM events e WHERE e.id = n.event_pk LIMIT 1) e
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

    -- A plan made for a few rows joins thousands by nested loops: a batch of notices to whole
    -- departments took 80 s with the plans kept for small batches, 13 s planned for its size.
    IF coalesce(cardinality(v_user_id), 0) + coalesce(cardinality(v_update_id), 0) > 500 THEN
        PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
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
        SELECT r.user_id, r.department_id, r.event_pk, r.source, r.type, r.thread, r.requires_ack,
               bumped.last_seq - bumped.updates - bumped.new_rows + row_number() OVER (PARTITION BY r.user_id ORDER BY r.place) AS seq,
               CASE WHEN r.thread = ANY (v_effect_threads) THEN notification_state(r.thread, r.type, r.user_id, r.event_pk, r.at) END AS state
        FROM unnest(v_user_id, v_department_id, v_event_pk, v_source, v_type, v_thread, v_at, v_requires_ack)
            WITH ORDINALITY AS r(user_id, department_id, event_pk, source, type, thread, at, requires_ack, place)
        JOIN bumped ON bumped.id = r.user_id
    ), written AS (
        INSERT INTO notifications (user_id, department_id, seq, event_pk, source, type, thread, status, status_at, facts_event_pk, action, requires_ack)
        SELECT user_id, department_id, seq, event_pk, source, type, thread,
               coalesce(state ->> 'status', 'active'), (state ->> 'at')::TIMESTAMPTZ, (state ->> 'facts')::BIGINT,
               approval_action(type, coalesce(state, '{"status":"active"}'), NULL), requires_ack
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
