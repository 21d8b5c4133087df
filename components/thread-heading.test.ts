import { describe, expect, it } from "vitest";
import type { NotificationItem } from "./notification-types";
import { isThreadRow, threadCountLabel, threadSubject } from "./thread-heading";

function row(type: string, source: string, title: string, threadCount?: number): NotificationItem {
  return {
    id: "1",
    eventId: "e1",
    type,
    source,
    title,
    body: null,
    link: null,
    actor: null,
    createdAt: "2026-11-24T09:30:00.000Z",
    readAt: null,
    thread: `${source}|X-1`,
    status: "active",
    updatedAt: null,
    action: null,
    ack: null,
    snoozedUntil: null,
    unsnoozedAt: null,
    ...(threadCount === undefined ? {} : { threadCount }),
  };
}

describe("thread headings", () => {
  it.each([
    {
      type: "board.comment.created",
      source: "groupware/board",
      title: "새 댓글: 신규 입사자 온보딩 안내",
      ko: "댓글 3개",
      en: "3 comments",
      subject: "신규 입사자 온보딩 안내",
    },
    {
      type: "calendar.event.updated",
      source: "groupware/calendar",
      title: "Event updated: 주간 회의",
      ko: "일정 알림 3개",
      en: "3 event updates",
      subject: "주간 회의",
    },
    {
      type: "approval.approved",
      source: "groupware/approval",
      title: "결재 승인: 예산안",
      ko: "결재 알림 3개",
      en: "3 approval updates",
      subject: "예산안",
    },
    {
      type: "notification.custom",
      source: "groupware/board",
      title: "공지: 그대로",
      ko: "알림 3개",
      en: "3 notifications",
      subject: "공지: 그대로",
    },
  ])("names a thread of $type by its count and its item", ({ type, source, title, ko, en, subject }) => {
    const thread = row(type, source, title, 3);
    expect(threadCountLabel(thread, "ko")).toBe(ko);
    expect(threadCountLabel(thread, "en")).toBe(en);
    expect(threadSubject(thread)).toBe(subject);
  });

  it("groups only a thread of more than one notification", () => {
    expect(isThreadRow(row("board.comment.created", "groupware/board", "t", 2))).toBe(true);
    expect(isThreadRow(row("board.comment.created", "groupware/board", "t", 1))).toBe(false);
    expect(isThreadRow({ ...row("notification.custom", "groupware/board", "t", 4), thread: null })).toBe(false);
  });
});
