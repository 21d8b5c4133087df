import { describe, expect, it } from "vitest";
import { renderNotification } from "./render-notification";

describe("renderNotification", () => {
  const request = {
    documentId: "DOC-1",
    documentTitle: "출장 경비 정산",
    requester: { id: "E0012", name: "이서준" },
    approverIds: ["E0003"],
  };

  it.each([
    ["ko", "결재 요청: 출장 경비 정산", "이서준님이 결재를 요청했습니다."],
    ["en", "Approval requested: 출장 경비 정산", "이서준 asked for your approval."],
  ] as const)("renders an approval request in %s", (locale, title, body) => {
    expect(renderNotification("approval.requested", request, locale)).toEqual({
      title,
      body,
      link: "/approval/documents/DOC-1",
    });
  });

  it("renders times in the reader's language", () => {
    const data = { eventId: "EV-1", title: "주간 회의", startsAt: "2026-11-26T01:00:00Z", minutesBefore: 10, attendeeIds: ["E0001"] };
    expect(renderNotification("calendar.event.reminder", data, "ko").body).toBe("10분 후 시작합니다 (2026년 11월 26일 10:00).");
    expect(renderNotification("calendar.event.reminder", data, "en").body).toBe("Starts in 10 min (Nov 26, 2026, 10:00).");
  });

  it("falls back to the type for a type it does not know", () => {
    expect(renderNotification("payroll.paid", {}, "ko")).toEqual({ title: "payroll.paid", body: null, link: null });
  });
});
