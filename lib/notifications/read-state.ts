import { CHANNELS } from "../db/channels";
import { Prisma } from "../generated/prisma/client";
import { actionCountOf, type Counts } from "./counts";
import { shown } from "./shown";

// Every change of read state counts what the person has left unread and announces the change on
// the read-state channel in the statement that makes it, so every web process can tell that
// person's other streams (other tabs, other devices): docs/api.md, `event: read-state`.

export interface ReadStateChange {
  userId: string;
  /** The notifications whose state changed (mark one read or unread). */
  ids?: string[];
  /** A read-all: everything up to and including this notification. */
  upTo?: string;
  /** A read-all of one thread. */
  thread?: string;
  read: boolean;
  unreadCount: number;
  actionCount: number;
}

/**
 * The end of a read-state statement. It expects two CTEs before it: `target` (the rows the person
 * asked about; none means not found) and `changed` (the rows it changed, with `was_unread` and
 * `is_unread`). The unread count is the person's, as of the change; the NOTIFY carries `change`
 * (its ids, upTo or thread, and read) with that count and the action count, and is sent only when something was found.
 */
export function countedAndAnnounced(
  userId: string,
  change: Omit<ReadStateChange, "userId" | "unreadCount" | "actionCount">,
  {
    settledActions = Prisma.sql`0`,
    columns = Prisma.empty,
  }: {
    /** Open actions the statement settles (an acknowledgement), which its own snapshot still counts. */
    settledActions?: Prisma.Sql;
    /** More columns for the caller, each with a leading comma. */
    columns?: Prisma.Sql;
  } = {},
): Prisma.Sql {
  const fields =
    change.thread !== undefined
      ? Prisma.sql`'thread', ${change.thread}::text`
      : change.upTo !== undefined
        ? Prisma.sql`'upTo', ${change.upTo}::text`
        : Prisma.sql`'ids', ${change.ids ?? []}::text[]`;
  return Prisma.sql`
    counted AS (
      SELECT (SELECT count(*) FROM target)::int AS found,
             ((SELECT count(*) FROM notifications n WHERE n.user_id = ${userId} AND n.read_at IS NULL AND ${shown("n")})
              - (SELECT count(*) FROM changed WHERE was_unread AND NOT is_unread)
              + (SELECT count(*) FROM changed WHERE NOT was_unread AND is_unread))::int AS unread,
             (${actionCountOf(userId)} - ${settledActions})::int AS actions
    )
    SELECT found, unread, actions,
           CASE WHEN found > 0 THEN (SELECT 1 FROM pg_notify(${CHANNELS.readState},
             json_build_object('userId', ${userId}::text, ${fields}, 'read', ${change.read}::boolean, 'unreadCount', unread,
                               'actionCount', actions)::text))
           END AS notified ${columns}
    FROM counted`;
}

export interface ReadStateRow {
  found: number;
  unread: number;
  actions: number;
}

/** What a read-state route answers. */
export function countsFrom(row: ReadStateRow): Counts {
  return { unreadCount: row.unread, actionCount: row.actions };
}
