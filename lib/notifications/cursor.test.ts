import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../db/prisma";
import { notificationCursors } from "./cursor";

// The signed cursor on its own, with the key the test database holds (app_secrets). The routes'
// tests (security.test.ts) try altered and borrowed cursors through the API.
afterAll(disconnectDb);

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("notification cursors", () => {
  it("give back the position they were signed with, for the person they were signed for", async () => {
    const cursors = await notificationCursors();
    const cursor = cursors.sign("E0001", 12345n);
    expect(cursor).toMatch(/^12345\.[\w-]{22}$/);
    expect(cursors.read("E0001", cursor)).toBe(12345n);
    expect(() => cursors.read("E0002", cursor)).toThrow("cursor: must be a cursor returned by this API");
  });

  it("refuse every other spelling of the signature, though base64url would decode some to the same bytes", async () => {
    const cursors = await notificationCursors();
    const cursor = cursors.sign("E0001", 7n);
    // The last of 22 characters carries 2 of the 128 bits: the 16 characters of its group decode alike.
    const last = cursor.at(-1)!;
    const start = Math.floor(BASE64URL.indexOf(last) / 16) * 16;
    const alike = [...BASE64URL.slice(start, start + 16)].filter((c) => c !== last).map((c) => cursor.slice(0, -1) + c);
    expect(alike).toHaveLength(15);
    for (const spelling of alike) {
      expect(Buffer.from(spelling.split(".")[1]!, "base64url")).toEqual(Buffer.from(cursor.split(".")[1]!, "base64url"));
      expect(() => cursors.read("E0001", spelling), spelling).toThrow("cursor: must be a cursor returned by this API");
    }
  });

  it("name the field they came in, for the 400", async () => {
    const cursors = await notificationCursors();
    expect(() => cursors.read("E0001", "41", "Last-Event-ID")).toThrow("Last-Event-ID: must be a cursor returned by this API");
  });
});
