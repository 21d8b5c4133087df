-- The reminder at a must-read notice's ackDueAt (PRODUCT.md §12) is a graphile-worker job, queued
-- in the transaction that stores the notice, so it exists exactly when the notice does: a crash
-- before the commit loses both (Kafka delivers the event again), after it neither. The job key is
-- the event's, so a second insert of the same job only replaces it. The trigger fires only for
-- must-read notices with a due date (its WHEN), never for the other rows of a batch; the worker's
-- write path (store_notification_batch) is unchanged. graphile-worker's own schema is installed by
-- the migration runner (lib/db/migrate.ts) after these files.
CREATE FUNCTION queue_notice_due_reminder() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    -- A notice published after its due date has nobody to remind yet: everyone has just received it.
    IF (NEW.cloud_event -> 'data' ->> 'ackDueAt')::TIMESTAMPTZ <= now() THEN
        RETURN NULL;
    END IF;
    PERFORM graphile_worker.add_job(
        identifier := 'notice-due-reminder',
        payload := json_build_object('eventPk', NEW.id::TEXT, 'postId', NEW.subject),
        run_at := (NEW.cloud_event -> 'data' ->> 'ackDueAt')::TIMESTAMPTZ,
        job_key := 'notice-due-reminder:' || NEW.id,
        max_attempts := 25
    );
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_notice_due_reminder
    AFTER INSERT ON "events"
    FOR EACH ROW
    WHEN (NEW.requires_ack AND NEW.subject IS NOT NULL AND NEW.cloud_event -> 'data' ? 'ackDueAt')
    EXECUTE FUNCTION queue_notice_due_reminder();
