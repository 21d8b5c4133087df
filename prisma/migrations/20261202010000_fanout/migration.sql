-- An all-company notice writes one notification per person in one statement (100,000 rows for a
-- company of that size). What each of those rows cost beyond its own insert goes here.

-- Each recipient's cursor (users.notification_seq) is bumped in the batch. With pages full, every
-- bump was a new tuple elsewhere and an entry in each of the table's five indexes (the trigram
-- one among them); with room left on each page the update stays on its page (HOT) and touches no
-- index. The rewrite gives the existing rows that room.
ALTER TABLE "users" SET (fillfactor = 45);
CLUSTER "users" USING "users_pkey";

-- Foreign keys were checked row by row, after the insert (a lookup of the person and of the event
-- per notification). The store function writes rows only for people and events it has just read
-- under lock, and people are deactivated, never deleted: the checks guarded nothing it can do.
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_user_id_fkey";
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_event_pk_fkey";

-- Every index that starts with the person takes one random insert per recipient. Two only served
-- lists of one person, which the person's cursor index (user_id, seq) finds as well: their own
-- history filtered by source, and the admin's list filtered by recipient (a person's rows, sorted).
DROP INDEX "notifications_user_id_source_seq_idx";
DROP INDEX "notifications_user_id_created_at_id_idx";
