import { z } from "zod";
import { db } from "../db/prisma";
import { storableString } from "../events/storable";
import { Prisma } from "../generated/prisma/client";
import { decodeNameCursor, encodeNameCursor } from "./admin-cursor";

// GET /api/admin/directory and /admin/directory: the company's people by name then id, keyset-paged
// by (name, id), searched anywhere in name, email or id. Migration 20261202000000_directory gives
// each filter its index: (name, id), (department_id, name, id), and a trigram index over the
// searched text, so a page deep in 100,000 people reads about as much as the first one.

/** Text from the query string: blank is absent; what PostgreSQL cannot hold as text is a 400, not a 500. */
const text = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().pipe(storableString(max)).optional(),
  );

export const directoryQuerySchema = z.object({
  query: text(100),
  departmentId: text(100),
  active: z
    .preprocess((value) => (value === "" ? undefined : value), z.enum(["true", "false"]).optional())
    .transform((value) => (value === undefined ? undefined : value === "true")),
  cursor: text(1000),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

export interface DirectoryItem {
  id: string;
  email: string;
  name: string;
  departmentId: string;
  /** The department's name, or its id while the directory has not named it yet. */
  departmentName: string;
  role: "USER" | "ADMIN";
  active: boolean;
  /** When the directory last changed the person. */
  updatedAt: string;
}

export interface DirectoryPage {
  items: DirectoryItem[];
  nextCursor: string | null;
}

interface Row {
  id: string;
  email: string;
  name: string;
  department_id: string;
  department_name: string;
  role: "USER" | "ADMIN";
  active: boolean;
  updated_at: Date;
}

export async function listDirectory({ query }: { query: DirectoryQuery }): Promise<DirectoryPage> {
  const cursor = query.cursor ? decodeNameCursor(query.cursor) : null;
  const conditions = [
    query.query && matches(query.query),
    query.departmentId && Prisma.sql`u.department_id = ${query.departmentId}`,
    query.active !== undefined && Prisma.sql`u.active = ${query.active}`,
    cursor && Prisma.sql`(u.name, u.id) > (${cursor.name}, ${cursor.id})`,
  ].filter((condition): condition is Prisma.Sql => Boolean(condition));
  // Raw SQL: the search must be written as the trigram index's own expression for PostgreSQL to use it.
  const rows = await db().$queryRaw<Row[]>`
    SELECT u.id, u.email, u.name, u.department_id, d.name AS department_name, u.role::text AS role, u.active, u.updated_at
    FROM users u
    JOIN departments d ON d.id = u.department_id
    ${conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty}
    ORDER BY u.name, u.id
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      departmentId: row.department_id,
      departmentName: row.department_name,
      role: row.role,
      active: row.active,
      updatedAt: row.updated_at.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeNameCursor({ name: last.name, id: last.id }) : null,
  };
}

/**
 * `query` anywhere in the name, the email or the id, ignoring case; `%`, `_` and `\` in it are
 * themselves. The first condition is users_search_trgm_idx's expression, so the index finds the
 * candidates; the second keeps a query that spans two fields ("a e" across "Ana" and "e0001@…")
 * from matching the space between them.
 */
function matches(query: string): Prisma.Sql {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return Prisma.sql`(lower(u.name) || ' ' || lower(u.email) || ' ' || lower(u.id)) LIKE lower(${pattern})
    AND (lower(u.name) LIKE lower(${pattern}) OR lower(u.email) LIKE lower(${pattern}) OR lower(u.id) LIKE lower(${pattern}))`;
}
