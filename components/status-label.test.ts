import { describe, expect, it } from "vitest";
import type { ApprovalAction, NotificationItem, NotificationStatus } from "@/lib/notifications/notification-item";
import { statusLabel } from "./status-label";

function item(status: NotificationStatus, action: Partial<ApprovalAction> | null = null): NotificationItem {
  return {
    id: "1",
    eventId: "e1",
    type: "approval.requested",
    source: "groupware/approval",
    title: "결재 요청: 출장 경비 정산",
    body: null,
    link: null,
    actor: null,
    createdAt: "2026-11-24T09:30:00.000Z",
    readAt: null,
    thread: "groupware/approval|DOC-1",
    status,
    updatedAt: null,
    action: action && { kind: "approval", status: "done", outcome: null, by: null, at: null, ...action },
    ack: null,
    snoozedUntil: null,
    unsnoozedAt: null,
  };
}

const by = { id: "E0012", name: "이서준" };

describe("statusLabel", () => {
  it.each([
    { name: "approved by someone", it: item("resolved", { outcome: "approved", by }), ko: "승인됨 · 이서준", en: "Approved · 이서준" },
    { name: "rejected by someone", it: item("resolved", { outcome: "rejected", by }), ko: "반려됨 · 이서준", en: "Rejected · 이서준" },
    { name: "rejected, nobody named", it: item("resolved", { outcome: "rejected" }), ko: "반려됨", en: "Rejected" },
    { name: "withdrawn", it: item("cancelled", { outcome: "withdrawn" }), ko: "철회됨", en: "Withdrawn" },
    { name: "a cancelled meeting", it: item("cancelled"), ko: "취소됨", en: "Cancelled" },
    { name: "a changed meeting", it: item("changed"), ko: "변경됨", en: "Changed" },
    { name: "resolved without an action", it: item("resolved"), ko: "처리됨", en: "Done" },
  ])("says how it ended when $name", ({ it: shown, ko, en }) => {
    expect(statusLabel(shown, "ko")).toBe(ko);
    expect(statusLabel(shown, "en")).toBe(en);
  });

  it("says nothing of an active item, pending or submitted", () => {
    expect(statusLabel(item("active"), "ko")).toBeNull();
    expect(statusLabel(item("active", { status: "pending" }), "ko")).toBeNull();
    expect(statusLabel(item("active", { status: "submitted" }), "en")).toBeNull();
  });
});
