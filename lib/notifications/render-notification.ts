import { linkAllowedHosts } from "../env";
import type { EventData, NotificationEventType } from "../events/catalog";
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
  "board.notice.published": (d, l) => ({
    title: `${d.important ? (l === "ko" ? "[중요] " : "[Important] ") : ""}${l === "ko" ? "공지" : "Notice"}: ${d.title}`,
    body: l === "ko" ? `${d.author.name}님이 공지를 게시했습니다.` : `${d.author.name} posted a notice.`,
    link: `/board/posts/${encodeURIComponent(d.postId)}`,
  }),
  "board.comment.created": (d, l) => ({
    title: l === "ko" ? `새 댓글: ${d.postTitle}` : `New comment: ${d.postTitle}`,
    body: `${d.commenter.name}: ${d.excerpt}`,
    link: `/board/posts/${encodeURIComponent(d.postId)}`,
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

function withComment(text: string, comment: string | undefined): string {
  return comment ? `${text} “${comment}”` : text;
}

function formatTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale).format(new Date(iso));
}

function formatRange(startsAt: string, endsAt: string, locale: Locale): string {
  return dateTimeFormat(locale).formatRange(new Date(startsAt), new Date(endsAt));
}

// A 24-hour clock reads the same in both languages and does not depend on how a given ICU
// abbreviates AM/PM.
function dateTimeFormat(locale: Locale): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale === "ko" ? "ko-KR" : "en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  });
}
