import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { decodeNameCursor, encodeNameCursor } from "./admin-cursor";

describe("the directory's (name, id) cursor", () => {
  it.each([
    ["a Korean name", { name: "한지아", id: "E0012" }],
    ["a name with the characters a cursor could split on", { name: 'O"Brien | Ann, "x"', id: "E|1" }],
    ["an empty-looking name", { name: " ", id: "" }],
    ["emoji", { name: "🙂 Kim", id: "E9" }],
  ])("comes back as it went out: %s", (_, cursor) => {
    const encoded = encodeNameCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeNameCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ["not base64url JSON", "bm90LWEtY3Vyc29y"],
    ["empty", ""],
    ["one part", Buffer.from('["a"]').toString("base64url")],
    ["three parts", Buffer.from('["a","b","c"]').toString("base64url")],
    ["not strings", Buffer.from("[1,2]").toString("base64url")],
    ["an object", Buffer.from('{"name":"a","id":"b"}').toString("base64url")],
    ["a NUL PostgreSQL cannot take", Buffer.from('["a\\u0000","b"]').toString("base64url")],
    ["an admin list's (time, id) cursor", Buffer.from("2026-11-25T00:00:00.000Z|12").toString("base64url")],
  ])("is a 400, never a query, when it is %s", (_, value) => {
    expect(() => decodeNameCursor(value)).toThrow(new AppError("bad_request", "cursor: must be a cursor returned by this API"));
  });
});
