-- The worker's batch writer keeps the plans of its statements for the life of each connection
-- (PL/pgSQL prepares them once), and a plan made while the tables were nearly empty (a new
-- installation, a new month's partition not yet analyzed) can choose a sequential scan that is
-- cheap on an empty table and ruinous once it fills. Every statement of the function reads by an
-- index, so it runs without considering whole-table scans, as the live stream's reads do
-- (lib/notifications/list-notifications-after.ts). A later CREATE OR REPLACE of the function must
-- repeat this setting: replacing a function drops its SET clauses.
ALTER FUNCTION store_notification_batch SET enable_seqscan = off;
