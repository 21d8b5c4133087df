-- Snooze (PRODUCT.md §13): a person puts one of their notifications off until a time. Until then it
-- is in none of their lists and counts; at that time a graphile-worker job (queued by the snooze,
-- in its transaction) brings it back unread at the person's next cursor position, so it is at the
-- top of the history (ordered by cursor) and streamed as a change of the notification.
ALTER TABLE "notifications"
    ADD COLUMN "snoozed_until" TIMESTAMPTZ(3),
    -- When it last came back from a snooze: the live stream sends such a row as notification-updated.
    ADD COLUMN "unsnoozed_at" TIMESTAMPTZ(3);
