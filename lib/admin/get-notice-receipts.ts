import { z } from "zod";
import { db } from "../db/prisma";
import { storableString } from "../events/storable";
import { Prisma } from "../generated/prisma/client";
import { findNotice } from "../notifications/find-notice";

// GET /api/admin/notices/{postId} (PRODUCT.md §12): who of a notice's recipients has read it and
// who has acknowledged it, per department, and who has not acknowledged yet (by department, then
// name). The notice is found by its thread; its counts per department are kept as they change
// (notice_receipts, migration 20261204000000_retention: each recipient counted in the department
// they were in when the notice reached them), so an all-company notice to 100,000 people is fifty
// rows to read, never a pass over its notifications. Only the pending people listed (a thousand at
// most) are read, by an index of the notices' rows not yet acknowledged, and joined for their names.

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

// The predicate of the pending index: a notice's rows (its type is the notice's, always).
const NOTICE_ROWS = Prisma.sql`n.type = 'board.notice.published'`;

interface Row {
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
  const notice = await findNotice(postId);
  if (!notice) return null;
  const query = Prisma.sql`
    SELECT (SELECT json_agg(json_build_object('departmentId', c.department_id, 'name', coalesce(d.name, c.department_id), 'total', c.total,
                                              'read', c.read, 'acknowledged', c.acked) ORDER BY c.department_id)
            FROM (SELECT nullif(r.department_id, '') AS department_id, r.total, r.read, r.acknowledged AS acked
                  FROM notice_receipts r WHERE r.event_pk = ${notice.id}) c
            LEFT JOIN departments d ON d.id = c.department_id) AS by_department,
           (SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'departmentId', p.department_id) ORDER BY p.department_id, p.name, p.id)
            FROM (SELECT u.id, u.name, n.department_id FROM notifications n JOIN users u ON u.id = n.user_id
                  WHERE n.event_pk = ${notice.id} AND ${NOTICE_ROWS} AND n.acked_at IS NULL
                  ORDER BY n.department_id, u.name, u.id LIMIT ${pendingLimit}) p) AS pending`;
  const [row] = await db().$queryRaw<Row[]>(query);
  if (!row) return null;
  const byDepartment = row.by_department ?? [];
  const sum = (field: "total" | "read" | "acknowledged") => byDepartment.reduce((total, d) => total + d[field], 0);
  return {
    postId,
    title: notice.title,
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
  const notice = await findNotice(postId);
  if (!notice) return null;
  const rows = await db().$queryRaw<{ id: string; name: string; department_id: string; read_at: Date | null }[]>`
    SELECT u.id, u.name, n.department_id, n.read_at
    FROM notifications n JOIN users u ON u.id = n.user_id
    WHERE n.event_pk = ${notice.id} AND ${NOTICE_ROWS} AND n.acked_at IS NULL
    ORDER BY n.department_id, u.name, u.id`;
  return rows.map((row) => ({ id: row.id, name: row.name, departmentId: row.department_id, readAt: row.read_at }));
}
