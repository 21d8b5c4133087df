// GET /api/health — is the web process able to serve (database reachable)?
import { db } from "@/lib/db/prisma";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "up" });
  } catch {
    return Response.json({ status: "down", database: "down" }, { status: 503 });
  }
}
