import { z } from "zod";
import { db } from "../db/prisma";
import { SERVICES } from "../events/catalog";
import { storableString } from "../events/storable";
import { Prisma } from "../generated/prisma/client";

// GET /api/admin/notices/{postId} (PRODUCT.md §12): who of a notice's recipients has read it and
// who has acknowledged it, per department, and who has not acknowledged yet (by department, then
// name). One statement: the notice's notifications by (event_pk, user_id), joined to their people
// and counted per department in a single pass (never a query per department); an all-company
// notice is 100,000 rows.

/** The route's parameter: a post id as events carry it. */
export const postIdSchema = z.object({ postId: storableString(64).pipe(z.string().min(1)) });

/** How many of the pending are listed; the export has them all. */
export const PENDING_LIMIT = 1000;

export interface DepartmentReceipts {
  departmentId: string;
  name: string;
  total: number;
  read: number;
  acknowledged: number;
}

export interface PendingRecipient {
  id: string;
  name: string;
  departmentId: string;
}

export interface NoticeReceipts {
  postId: string;
  title: string;
  total: number;
  read: number;
  acknowledged: number;
  byDepartment: DepartmentReceipts[];
  pending: PendingRecipient[];
}

interface Row {
  title: string | null;
  by_department: DepartmentReceipts[] | null;
  pending: PendingRecipient[] | null;
}

/** The receipts of the post's notice (its latest publication), or null when it has none. */
export async function getNoticeReceipts({
  postId,
  pendingLimit = PENDING_LIMIT,
}: {
  postId: string;
  pendingLimit?: number;
}): Promise<NoticeReceipts | null> {
  // The notice is looked up by each part on its own (an init plan, a parameter for the rest), so the
  // count may run in parallel workers; the pending come in the order of users_department_id_name_id_idx.
  const notice = noticeOf(postId);
  const [row] = await db().$queryRaw<Row[]>`
    SELECT (SELECT title FROM (${notice}) t) AS title,
           (SELECT json_agg(json_build_object('departmentId', c.department_id, 'name', coalesce(d.name, c.department_id), 'total', c.total,
                                              'read', c.read, 'acknowledged', c.acked) ORDER BY c.department_id)
            FROM (SELECT u.department_id, count(*)::int AS total, count(n.read_at)::int AS read, count(n.acked_at)::int AS acked
                  FROM notifications n JOIN users u ON u.id = n.user_id
                  WHERE n.event_pk = (SELECT id FROM (${notice}) t) GROUP BY u.department_id) c
            LEFT JOIN departments d ON d.id = c.department_id) AS by_department,
           (SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'departmentId', p.department_id) ORDER BY p.department_id, p.name, p.id)
            FROM (SELECT u.id, u.name, u.department_id FROM notifications n JOIN users u ON u.id = n.user_id
                  WHERE n.event_pk = (SELECT id FROM (${notice}) t) AND n.acked_at IS NULL
                  ORDER BY u.department_id, u.name, u.id LIMIT ${pendingLimit}) p) AS pending`;
  if (!row || row.title === null) return null;
  const byDepartment = row.by_department ?? [];
  const sum = (field: "total" | "read" | "acknowledged") => byDepartment.reduce((total, d) => total + d[field], 0);
  return {
    postId,
    title: row.title,
    total: sum("total"),
    read: sum("read"),
    acknowledged: sum("acknowledged"),
    byDepartment,
    pending: row.pending ?? [],
  };
}

/** Everyone who has not acknowledged the notice, for the CSV export. */
export async function listPendingRecipients({
  postId,
}: {
  postId: string;
}): Promise<(PendingRecipient & { readAt: Date | null })[] | null> {
  const rows = await db().$queryRaw<{ id: string | null; name: string; department_id: string; read_at: Date | null }[]>`
    WITH notice AS (${noticeOf(postId)})
    SELECT u.id, u.name, u.department_id, n.read_at
    FROM notice LEFT JOIN notifications n ON n.event_pk = notice.id AND n.acked_at IS NULL LEFT JOIN users u ON u.id = n.user_id
    ORDER BY u.department_id, u.name, u.id`;
  if (rows.length === 0) return null;
  return rows
    .filter((row): row is typeof row & { id: string } => row.id !== null)
    .map((row) => ({ id: row.id, name: row.name, departmentId: row.department_id, readAt: row.read_at }));
}

// The post's latest notice, by its thread (events_thread_id_idx).
function noticeOf(postId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT id, cloud_event -> 'data' ->> 'title' AS title FROM events
    WHERE thread = ${`${SERVICES.board.source}|${postId}`} AND type = 'board.notice.published'
    ORDER BY id DESC LIMIT 1`;
}
