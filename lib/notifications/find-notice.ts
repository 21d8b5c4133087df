import { db } from "../db/prisma";
import { SERVICES } from "../events/catalog";

export interface Notice {
  /** The event's row (events.id). */
  id: bigint;
  title: string;
  ackDueAt: string | null;
}

/** The post's latest notice, by its thread (events_thread_id_idx); null when the post has none. */
export async function findNotice(postId: string): Promise<Notice | null> {
  const [notice] = await db().$queryRaw<{ id: bigint; title: string; ack_due_at: string | null }[]>`
    SELECT id, cloud_event -> 'data' ->> 'title' AS title, cloud_event -> 'data' ->> 'ackDueAt' AS ack_due_at FROM events
    WHERE thread = ${`${SERVICES.board.source}|${postId}`} AND type = 'board.notice.published'
    ORDER BY id DESC LIMIT 1`;
  return notice ? { id: notice.id, title: notice.title, ackDueAt: notice.ack_due_at } : null;
}
