import { linkAllowedHosts } from "../env";
import type { EventData, NotificationEventType } from "../events/catalog";
import { dateTimeFormat } from "../i18n/intl-format";
import type { Locale } from "../i18n/locale";
import { safeLink } from "./safe-link";

// Notification text is rendered when it is read, from the stored event, in the reader's language:
// a user who switches language sees every notification, old and new, in the new one.

export interface RenderedText {
  title: string;
  body: string | null;
  link: string | null;
}

type Renderer<T extends NotificationEventType> = (data: EventData<T>, locale: Locale) => RenderedText;

const TIME_ZONE = "Asia/Seoul";

const renderers: { [T in NotificationEventType]: Renderer<T> } = {
  "approval.requested": (d, l) => ({
    title: l === "ko" ? `결재 요청: ${d.documentTitle}` : `Approval requested: ${d.documentTitle}`,
    body: l === "ko" ? `${d.requester.name}님이 결재를 요청했습니다.` : `${d.requester.name} asked for your approval.`,
    link: `/approval/documents/${encodeURIComponent(d.documentId)}`,
  }),
  "approval.approved": (d, l) => ({
    title: l === "ko" ? `결재 승인: ${d.documentTitle}` : `Approved: ${d.documentTitle}`,
    body: withComment(l === "ko" ? `${d.approver.name}님이 승인했습니다.` : `${d.approver.name} approved it.`, d.comment),
    link: `/approval/documents/${encodeURIComponent(d.documentId)}`,
  }),
  "approval.rejected": (d, l) => ({
    title: l === "ko" ? `결재 반려: ${d.documentTitle}` : `Rejected: ${d.documentTitle}`,
    body: withComment(l === "ko" ? `${d.approver.name}님이 반려했습니다.` : `${d.approver.name} rejected it.`, d.comment),
    link: `/approval/documents/${encodeURIComponent(d.documentId)}`,
  }),
  "approval.withdrawn": (d, l) => ({
    title: l === "ko" ? `결재 철회: ${d.documentTitle}` : `Withdrawn: ${d.documentTitle}`,
    body: l === "ko" ? `${d.requester.name}님이 결재 요청을 철회했습니다.` : `${d.requester.name} withdrew it.`,
    link: `/approval/documents/${encodeURIComponent(d.documentId)}`,
  }),
  "approval.completed": (d, l) => ({
    title:
      d.outcome === "approved"
        ? l === "ko"
          ? `결재 완료: ${d.documentTitle}`
          : `Approval complete: ${d.documentTitle}`
        : l === "ko"
          ? `결재 반려 확정: ${d.documentTitle}`
          : `Finally rejected: ${d.documentTitle}`,
    body:
      l === "ko"
        ? `${d.decidedBy.name}님의 ${d.outcome === "approved" ? "승인" : "반려"}으로 결재가 끝났습니다.`
        : `Decided by ${d.decidedBy.name}: ${d.outcome}.`,
    link: `/approval/documents/${encodeURIComponent(d.documentId)}`,
  }),
  "board.notice.published": (d, l) => ({
    title: `${d.important ? (l === "ko" ? "[중요] " : "[Important] ") : ""}${l === "ko" ? "공지" : "Notice"}: ${d.title}`,
    body: l === "ko" ? `${d.author.name}님이 공지를 게시했습니다.` : `${d.author.name} posted a notice.`,
    link: `/board/posts/${encodeURIComponent(d.postId)}`,
  }),
  "board.notice.reminder": (d, l) => ({
    title: l === "ko" ? `[확인 요청] 공지: ${d.title}` : `Please acknowledge: ${d.title}`,
    body: d.ackDueAt
      ? l === "ko"
        ? `${seoulTime(d.ackDueAt, l)}까지 읽고 확인해 주세요.`
        : `Please read and acknowledge it by ${seoulTime(d.ackDueAt, l)}.`
      : l === "ko"
        ? "아직 확인하지 않은 필독 공지입니다."
        : "A must-read notice you have not acknowledged yet.",
    link: `/board/posts/${encodeURIComponent(d.postId)}`,
  }),
  "board.comment.created": (d, l) => ({
    title: l === "ko" ? `새 댓글: ${d.postTitle}` : `New comment: ${d.postTitle}`,
    body: `${d.commenter.name}: ${d.excerpt}`,
    link: `/board/posts/${encodeURIComponent(d.postId)}`,
  }),
  "board.post.deleted": (d, l) => ({
    title: l === "ko" ? `게시글 삭제: ${d.title}` : `Post deleted: ${d.title}`,
    body: l === "ko" ? `${d.deletedBy.name}님이 게시글을 삭제했습니다.` : `${d.deletedBy.name} deleted it.`,
    link: null,
  }),
  "calendar.event.invited": (d, l) => ({
    title: l === "ko" ? `일정 초대: ${d.title}` : `Invitation: ${d.title}`,
    body:
      l === "ko"
        ? `${d.organizer.name}님이 ${formatTime(d.startsAt, l)} 일정에 초대했습니다.`
        : `${d.organizer.name} invited you for ${formatTime(d.startsAt, l)}.`,
    link: `/calendar/events/${encodeURIComponent(d.eventId)}`,
  }),
  "calendar.event.updated": (d, l) => ({
    title: l === "ko" ? `일정 변경: ${d.title}` : `Event updated: ${d.title}`,
    body: l === "ko" ? `${formatTime(d.startsAt, l)} 일정이 변경되었습니다.` : `Now at ${formatTime(d.startsAt, l)}.`,
    link: `/calendar/events/${encodeURIComponent(d.eventId)}`,
  }),
  "calendar.event.cancelled": (d, l) => ({
    title: l === "ko" ? `일정 취소: ${d.title}` : `Event cancelled: ${d.title}`,
    body:
      l === "ko"
        ? `${d.organizer.name}님이 ${formatTime(d.startsAt, l)} 일정을 취소했습니다.`
        : `${d.organizer.name} cancelled the event at ${formatTime(d.startsAt, l)}.`,
    link: `/calendar/events/${encodeURIComponent(d.eventId)}`,
  }),
  "calendar.event.reminder": (d, l) => ({
    title: l === "ko" ? `곧 시작: ${d.title}` : `Starting soon: ${d.title}`,
    body:
      l === "ko"
        ? `${d.minutesBefore}분 후 시작합니다 (${formatTime(d.startsAt, l)}).`
        : `Starts in ${d.minutesBefore} min (${formatTime(d.startsAt, l)}).`,
    link: `/calendar/events/${encodeURIComponent(d.eventId)}`,
  }),
  "reservation.confirmed": (d, l) => ({
    title: l === "ko" ? `예약 확정: ${d.resourceName}` : `Reservation confirmed: ${d.resourceName}`,
    body: formatRange(d.startsAt, d.endsAt, l),
    link: `/reservations/${encodeURIComponent(d.reservationId)}`,
  }),
  "reservation.cancelled": (d, l) => ({
    title: l === "ko" ? `예약 취소: ${d.resourceName}` : `Reservation cancelled: ${d.resourceName}`,
    body: formatRange(d.startsAt, d.endsAt, l),
    link: `/reservations/${encodeURIComponent(d.reservationId)}`,
  }),
  "notification.custom": (d) => ({ title: d.title, body: d.body ?? null, link: safeLink(d.link, linkAllowedHosts()) }),
};

export function renderNotification(type: string, data: unknown, locale: Locale): RenderedText {
  const render = renderers[type as NotificationEventType] as Renderer<NotificationEventType> | undefined;
  if (!render) return { title: type, body: null, link: null };
  return render(data as EventData<NotificationEventType>, locale);
}

/** Where a notification stands (notification-item.ts), as far as its text depends on it. */
export interface SettledState {
  status: "active" | "resolved" | "changed" | "cancelled";
  /** How an approval request ended, and by whom. */
  outcome: "approved" | "rejected" | "withdrawn" | null;
  by: { id: string; name: string } | null;
  /** The data of the event that last changed it (a calendar event's new time and title). */
  facts: Record<string, unknown> | null;
  /** Who reads it: "you approved" rather than their own name. */
  readerId: string;
}

/**
 * The text of a notification as it stands now (PRODUCT.md §11): a changed one rendered from the
 * latest facts with what changed, a settled one saying how and by whom, a cancelled one without a
 * link. An active one reads as it did when it arrived.
 */
export function renderCurrent(type: string, data: Record<string, unknown>, locale: Locale, state: SettledState): RenderedText {
  if (state.status === "active") return renderNotification(type, data, locale);
  const facts = state.status === "changed" || state.status === "cancelled" ? pickFacts(data, state.facts) : data;
  const text = renderNotification(type, facts, locale);
  const note = settledNote(type, locale, state, facts);
  return { title: text.title, body: note ?? text.body, link: state.status === "cancelled" ? null : text.link };
}

// The latest title and start of the item, over what the notification first said.
function pickFacts(data: Record<string, unknown>, facts: Record<string, unknown> | null): Record<string, unknown> {
  if (!facts) return data;
  const latest = Object.fromEntries(["title", "startsAt"].filter((key) => typeof facts[key] === "string").map((key) => [key, facts[key]]));
  return { ...data, ...latest };
}

function settledNote(type: string, l: Locale, state: SettledState, facts: Record<string, unknown>): string | null {
  const by = state.by && state.by.id !== state.readerId ? state.by.name : null;
  if (type === "approval.requested") {
    if (state.outcome === "withdrawn") {
      return l === "ko" ? `${by ?? "요청자"}님이 결재 요청을 철회했습니다.` : `${by ?? "The requester"} withdrew the request.`;
    }
    const approved = state.outcome === "approved";
    if (!by) return l === "ko" ? `${approved ? "승인" : "반려"}했습니다.` : `You ${approved ? "approved" : "rejected"} it.`;
    return l === "ko" ? `${by}님이 이미 ${approved ? "승인" : "반려"}했습니다.` : `Already ${approved ? "approved" : "rejected"} by ${by}.`;
  }
  if (state.status === "changed") {
    const startsAt = typeof facts.startsAt === "string" ? formatTime(facts.startsAt, l) : null;
    if (!startsAt) return l === "ko" ? "변경됨" : "Changed";
    return l === "ko" ? `변경됨: ${startsAt} 시작` : `Changed: now starts ${startsAt}`;
  }
  if (state.status === "cancelled") {
    if (type.startsWith("board.")) return l === "ko" ? "삭제된 게시글입니다." : "This post was deleted.";
    if (type.startsWith("calendar.")) return l === "ko" ? "취소된 일정입니다." : "This event was cancelled.";
    if (type.startsWith("reservation.")) return l === "ko" ? "취소된 예약입니다." : "This reservation was cancelled.";
    return l === "ko" ? "취소됨" : "Cancelled";
  }
  return null;
}

function withComment(text: string, comment: string | undefined): string {
  return comment ? `${text} “${comment}”` : text;
}

function formatTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, DATE_TIME).format(new Date(iso));
}

function formatRange(startsAt: string, endsAt: string, locale: Locale): string {
  return dateTimeFormat(locale, DATE_TIME).formatRange(new Date(startsAt), new Date(endsAt));
}

// A 24-hour clock reads the same in both languages and does not depend on how a given ICU
// abbreviates AM/PM.
const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: TIME_ZONE,
};
const DUE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE };

/** A due date as Korean readers keep time (the company's time zone), in the reader's language. */
function seoulTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, DUE_TIME).format(new Date(iso));
}
