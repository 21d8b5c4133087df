import { Prisma } from "../generated/prisma/client";

// Whether a person muted a notification (PRODUCT.md §13), as SQL for a notification of that alias:
// one of their mutes names its source (and its type, when the mute has one). Approval requests and
// must-read notices are never muted. Applied where notifications are read (lists, counts, the live
// stream), so the worker stores muted ones like any other and admins see them.
export function mutedSql(alias: string): string {
  return `(${alias}.type <> 'approval.requested'
    AND NOT ${alias}.requires_ack
    AND EXISTS (SELECT 1 FROM notification_preferences mp CROSS JOIN LATERAL jsonb_array_elements(mp.muted) mute
                WHERE mp.user_id = ${alias}.user_id AND mute ->> 'source' = ${alias}.source
                  AND (NOT mute ? 'type' OR mute ->> 'type' = ${alias}.type)))`;
}

export function muted(alias: string): Prisma.Sql {
  return Prisma.raw(mutedSql(alias));
}
