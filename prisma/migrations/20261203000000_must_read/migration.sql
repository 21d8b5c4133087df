-- Must-read notices (PRODUCT.md §12). Nothing here touches the worker's write path
-- (store_notification_batch): whether a notice must be read is a column of its event that
-- PostgreSQL derives from the event's data as it stores it, and a person's acknowledgement is a
-- nullable column of their notification that only the ack route writes.

ALTER TABLE "events" ADD COLUMN "requires_ack" BOOLEAN NOT NULL
    GENERATED ALWAYS AS ("type" = 'board.notice.published' AND coalesce("cloud_event" -> 'data' -> 'requiresAck' = 'true'::JSONB, false)) STORED;
-- The few must-read events: the action count probes each one's notification of the person
-- (notifications_event_pk_user_id_key) instead of reading all of the person's notifications.
CREATE INDEX "events_requires_ack_idx" ON "events" ("id") WHERE "requires_ack";

ALTER TABLE "notifications" ADD COLUMN "acked_at" TIMESTAMPTZ(3);
