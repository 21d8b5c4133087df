import { describe, expect, it } from "vitest";
import { decodeEvent } from "./cloud-event";
import { EXAMPLE_EVENTS } from "./examples";

// The first example of docs/events.md.
const valid = EXAMPLE_EVENTS["approval.requested"];

const bytes = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value));

describe("decodeEvent", () => {
  it("accepts the example of docs/events.md with its actor and audience", () => {
    const result = decodeEvent(bytes(valid));
    expect(result).toMatchObject({
      ok: true,
      event: { type: "approval.requested", actor: { id: "E0012" }, audience: { userIds: ["E0003", "E0007"] } },
    });
  });

  it.each([
    ["an empty message", null, /empty/],
    ["invalid JSON", "{not json", /not valid JSON/],
    ["a non-CloudEvent", { hello: "world" }, /not a CloudEvent: specversion/],
    ["an unknown type", { ...valid, type: "payroll.paid" }, /unknown type "payroll.paid"/],
    ["invalid data", { ...valid, data: { ...valid.data, approverIds: [] } }, /invalid data for approval.requested: approverIds/],
    [
      "a 1 MB value",
      { ...valid, data: { ...valid.data, documentTitle: "가".repeat(350_000) } },
      /too large: \d+ bytes \(the limit is 262144\)/,
    ],
  ])("rejects %s with a reason", (_, value, reason) => {
    const result = decodeEvent(value === null ? null : bytes(value));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
