import { describe, expect, it } from "vitest";
import { decodeEvent } from "./cloud-event";

const valid = {
  specversion: "1.0",
  id: "7f0c3c1e-0b7a-4a51-9d38-2a3c0f2e4d11",
  source: "groupware/approval",
  type: "approval.requested",
  time: "2026-11-24T09:30:00Z",
  subject: "DOC-2026-0042",
  datacontenttype: "application/json",
  data: {
    documentId: "DOC-2026-0042",
    documentTitle: "출장 경비 정산",
    requester: { id: "E0012", name: "이서준" },
    approverIds: ["E0003", "E0007"],
  },
};

const bytes = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value));

describe("decodeEvent", () => {
  it("accepts the example of PRODUCT.md §4 with its actor and audience", () => {
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
    ["a 1 MB value", { ...valid, data: { ...valid.data, documentTitle: "가".repeat(350_000) } }, /too large: \d+ bytes \(the limit is 262144\)/],
  ])("rejects %s with a reason", (_, value, reason) => {
    const result = decodeEvent(value === null ? null : bytes(value));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
