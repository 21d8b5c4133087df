import { Prisma } from "../generated/prisma/client";
import { mutedSql } from "../preferences/muted";

// What a person's lists and counts show of their notifications (PRODUCT.md §13): not what they
// muted, and not what they snoozed until it comes back. The live stream still sends a snoozed
// row's change (the other tabs take it away); it leaves out only what is muted.
export function shown(alias: string): Prisma.Sql {
  return Prisma.raw(`(${alias}.snoozed_until IS NULL AND NOT ${mutedSql(alias)})`);
}
