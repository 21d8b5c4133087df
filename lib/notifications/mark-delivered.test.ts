import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import { notify, person } from "@/test/api";
import { markDelivered } from "./mark-delivered";

// First-delivery times, saved beside a worker that may be changing the same rows (a status change
// in its batch): the web process never waits for the worker's row locks, so the two cannot deadlock.

afterAll(disconnectDb);

async function rowsOf(userId: string) {
  return db().$queryRaw<{ id: bigint; delivered_at: Date | null }[]>`
    SELECT id, delivered_at FROM notifications WHERE user_id = ${userId} ORDER BY id`;
}

describe("saving first-delivery times", () => {
  it("skips a row another transaction holds, hands it back, and saves it once the row is free", async () => {
    const reader = await person("en");
    await notify(reader.id, 2, "groupware/board", "delivered");
    const [held, free] = await rowsOf(reader.id);
    if (!held || !free) throw new Error("two notifications expected");
    const worker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await worker.connect();
    try {
      await worker.query("BEGIN");
      await worker.query("SELECT 1 FROM notifications WHERE id = $1 FOR UPDATE", [held.id.toString()]);
      const first = new Date("2026-12-02T10:00:00.000Z");
      const busy = await markDelivered(
        new Map([
          [held.id, first],
          [free.id, first],
        ]),
      );
      expect([...busy]).toEqual([[held.id, first]]);
      expect((await rowsOf(reader.id)).map((row) => row.delivered_at)).toEqual([null, first]);
      await worker.query("COMMIT");

      expect(await markDelivered(busy)).toEqual(new Map());
      // A later delivery (another device, a replay) never moves the first one.
      await markDelivered(new Map([[free.id, new Date("2026-12-02T11:00:00.000Z")]]));
      expect((await rowsOf(reader.id)).map((row) => row.delivered_at)).toEqual([first, first]);
    } finally {
      await worker.end();
    }
  });
});
