-- The admin pages (issue 6).
--
-- /admin/notifications lists every notification newest first, keyset-paged by (created_at, id),
-- with one index per filter that ends in that order, so the first page and a page deep in the
-- results both read about one page of index entries. The department filter goes through the
-- recipient (users.department_id); the read filter is the complement of the unread index.
CREATE INDEX "notifications_created_at_id_idx" ON "notifications"("created_at", "id");
CREATE INDEX "notifications_user_id_created_at_id_idx" ON "notifications"("user_id", "created_at", "id");
CREATE INDEX "notifications_source_created_at_id_idx" ON "notifications"("source", "created_at", "id");
CREATE INDEX "notifications_type_created_at_id_idx" ON "notifications"("type", "created_at", "id");
CREATE INDEX "notifications_unread_created_at_id_idx" ON "notifications"("created_at", "id") WHERE "read_at" IS NULL;

-- An event found by its CloudEvent id alone (the admin's "event id" filter).
CREATE INDEX "events_event_id_idx" ON "events"("event_id");

-- delivered_at is set once, by the web process that first sends a notification over SSE; room on
-- each page lets that update stay on the page (HOT) instead of touching every index.
ALTER TABLE "notifications" SET (fillfactor = 85);

-- A dead letter an admin sent back to its topic (as it was, or corrected).
ALTER TABLE "dead_letters" ADD COLUMN "replayed_at" TIMESTAMPTZ(3);
ALTER TABLE "dead_letters" ADD COLUMN "replayed_by" TEXT;

-- The dashboard's events per second over the last hour.
CREATE INDEX "events_received_at_idx" ON "events"("received_at");
