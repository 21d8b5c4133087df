import { type EventData, NOTIFICATION_EVENT_TYPES, type NotificationEventType, topicFor } from "../../lib/events/catalog";
import type { PublishOptions } from "../../lib/events/producer";
import { DEMO_DIRECTORY, DEPARTMENTS, type DirectoryEntry } from "../../prisma/seed";

// A plausible day at the office over the demo directory, for `npm run simulate`: approvals and
// comments often, department notices now and then, all-company notices rarely. Decisions, comments,
// calendar changes and cancellations follow earlier events about the same document, post, calendar
// event or reservation, so one subject's events arrive in a believable order. Pure and seedable:
// the same seed and clock give the same events (and the same event ids, which the worker would
// deduplicate — give each run its own seed).

export type SimulatedEvent = {
  [T in NotificationEventType]: PublishOptions<T> & { subject: string; id: string; time: string };
}[NotificationEventType];

export interface EventGenerator {
  next(): SimulatedEvent;
}

/** Relative frequency of each type. */
export const TYPE_WEIGHTS: { [T in NotificationEventType]: number } = {
  "approval.requested": 14,
  "approval.approved": 9,
  "approval.rejected": 3,
  "approval.withdrawn": 1,
  "approval.completed": 5,
  "board.notice.published": 4,
  // Mostly sent by this service itself (the remind button, due dates); rarely by the board.
  "board.notice.reminder": 1,
  "board.comment.created": 16,
  "board.post.deleted": 1,
  "calendar.event.invited": 10,
  "calendar.event.updated": 4,
  "calendar.event.cancelled": 2,
  "calendar.event.reminder": 10,
  "reservation.confirmed": 8,
  "reservation.cancelled": 2,
  "notification.custom": 2,
};

/** Of the notices, the share sent to the whole company (each one notifies all 51 accounts). */
export const ALL_COMPANY_NOTICE_SHARE = 0.05;

export function createEventGenerator(seed: number, now: () => Date = () => new Date()): EventGenerator {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => present(items[Math.floor(random() * items.length)], "a non-empty list");
  const chance = (p: number) => random() < p;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const employees = DEMO_DIRECTORY.filter((entry) => entry.role === "USER");
  const admin = DEMO_DIRECTORY.find((entry) => entry.role === "ADMIN") ?? present(employees[0], "an employee");
  const departmentOf = (departmentId: string) => employees.filter((entry) => entry.departmentId === departmentId);
  const person = (entry: DirectoryEntry) => ({ id: entry.id, name: entry.name });
  const employee = () => pick(employees);
  const colleague = (of: DirectoryEntry) => pick(departmentOf(of.departmentId).filter((entry) => entry.id !== of.id));
  /** Other people for a meeting: mostly the organizer's department, sometimes someone from elsewhere. */
  const others = (of: DirectoryEntry, min: number, max: number): string[] => {
    const ids = new Set<string>();
    const count = between(min, max);
    while (ids.size < count) ids.add((chance(0.75) ? colleague(of) : employee()).id);
    ids.delete(of.id);
    return ids.size > 0 ? [...ids] : [colleague(of).id];
  };

  let sequence = between(1000, 8999);
  const entityId = (prefix: string) => {
    sequence += 1;
    return `${prefix}-${now().getUTCFullYear()}-${String(sequence).padStart(5, "0")}`;
  };

  const documents = new Pool<{ documentId: string; documentTitle: string; requester: DirectoryEntry; approverIds: string[] }>();
  const posts = new Pool<{ postId: string; title: string; authorId: string }>();
  const meetings = new Pool<{ eventId: string; title: string; startsAt: string; organizer: DirectoryEntry; attendeeIds: string[] }>();
  const reservations = new Pool<EventData<"reservation.confirmed">>();

  const newDocument = () => {
    const requester = employee();
    const lead = present(departmentOf(requester.departmentId)[0], requester.departmentId);
    const approvers = new Set([lead.id === requester.id ? colleague(requester).id : lead.id]);
    if (chance(0.5)) approvers.add(pick(departmentOf(pick(["D01", "D04"]))).id);
    approvers.delete(requester.id);
    const document = { documentId: entityId("DOC"), documentTitle: pick(DOCUMENT_TITLES), requester, approverIds: [...approvers] };
    return document.approverIds.length > 0 ? document : { ...document, approverIds: [colleague(requester).id] };
  };
  const newMeeting = () => {
    const organizer = employee();
    return {
      eventId: entityId("EVT"),
      title: pick(MEETING_TITLES),
      startsAt: slotFrom(now(), between(1, 14 * 16)),
      organizer,
      attendeeIds: others(organizer, 1, 6),
    };
  };
  const newPost = () => ({ postId: entityId("POST"), title: pick(POST_TITLES), authorId: employee().id });
  const newReservation = (): EventData<"reservation.confirmed"> => {
    const start = new Date(slotFrom(now(), between(1, 10 * 16)));
    const resource = pick(RESOURCES);
    const end = new Date(start.getTime() + between(resource.minHours * 2, resource.maxHours * 2) * 30 * 60_000);
    return {
      reservationId: entityId("RSV"),
      resourceName: resource.name,
      startsAt: kst(start),
      endsAt: kst(end),
      reserverId: employee().id,
    };
  };

  const makers: { [T in NotificationEventType]: () => { subject: string; data: EventData<T>; source?: string } } = {
    "approval.requested": () => {
      const document = newDocument();
      documents.add(document, random);
      const { requester, ...rest } = document;
      return { subject: document.documentId, data: { ...rest, requester: person(requester) } };
    },
    "approval.approved": () => decide(pick(APPROVAL_COMMENTS), 0.4),
    "approval.rejected": () => decide(pick(REJECTION_COMMENTS), 1),
    "approval.withdrawn": () => {
      const { requester, ...document } = documents.take(random) ?? newDocument();
      return { subject: document.documentId, data: { ...document, requester: person(requester) } };
    },
    "approval.completed": () => {
      const { document, approver: decider } = documentToDecide();
      return {
        subject: document.documentId,
        data: {
          documentId: document.documentId,
          documentTitle: document.documentTitle,
          outcome: chance(0.85) ? ("approved" as const) : ("rejected" as const),
          decidedBy: person(decider),
          requesterId: document.requester.id,
        },
      };
    },
    "board.notice.published": () => {
      const everyone = chance(ALL_COMPANY_NOTICE_SHARE);
      const author = everyone ? pick([admin, ...departmentOf("D04")]) : employee();
      const title = everyone ? pick(COMPANY_NOTICES) : pick(DEPARTMENT_NOTICES);
      const departmentIds = [author.departmentId];
      if (!everyone && chance(0.2)) departmentIds.push(pick(DEPARTMENTS.filter((d) => d.id !== author.departmentId)).id);
      const post = { postId: entityId("POST"), title, authorId: author.id };
      posts.add(post, random);
      return {
        subject: post.postId,
        data: {
          postId: post.postId,
          title,
          author: person(author),
          audience: everyone ? { all: true as const } : { departmentIds },
          ...(chance(everyone ? 0.5 : 0.1) ? { important: true } : {}),
        },
      };
    },
    "board.notice.reminder": () => {
      const post = posts.any(random) ?? newPost();
      return { subject: post.postId, data: { postId: post.postId, title: post.title, recipientIds: [pick(employees).id] } };
    },
    "board.comment.created": () => {
      const post = chance(0.7) ? (posts.any(random) ?? newPost()) : newPost();
      posts.add(post, random);
      const author = present(
        DEMO_DIRECTORY.find((entry) => entry.id === post.authorId),
        post.authorId,
      );
      const commenter = chance(0.6) ? colleague(author) : pick(employees.filter((entry) => entry.id !== author.id));
      return {
        subject: post.postId,
        data: {
          postId: post.postId,
          postTitle: post.title,
          commenter: person(commenter),
          postAuthorId: post.authorId,
          excerpt: pick(COMMENTS),
        },
      };
    },
    "board.post.deleted": () => {
      const post = posts.take(random) ?? newPost();
      const author = present(
        DEMO_DIRECTORY.find((entry) => entry.id === post.authorId),
        post.authorId,
      );
      return { subject: post.postId, data: { postId: post.postId, title: post.title, deletedBy: person(author) } };
    },
    "calendar.event.invited": () => {
      const meeting = newMeeting();
      meetings.add(meeting, random);
      return {
        subject: meeting.eventId,
        data: {
          eventId: meeting.eventId,
          title: meeting.title,
          startsAt: meeting.startsAt,
          organizer: person(meeting.organizer),
          inviteeIds: meeting.attendeeIds,
        },
      };
    },
    "calendar.event.updated": () => {
      const meeting = meetings.any(random) ?? newMeeting();
      meeting.startsAt = slotFrom(now(), between(1, 14 * 16));
      meetings.add(meeting, random);
      return { subject: meeting.eventId, data: meetingData(meeting) };
    },
    "calendar.event.cancelled": () => {
      const meeting = meetings.take(random) ?? newMeeting();
      return { subject: meeting.eventId, data: meetingData(meeting) };
    },
    "calendar.event.reminder": () => {
      const meeting = meetings.any(random) ?? newMeeting();
      const minutesBefore = pick([5, 10, 10, 15, 30, 60]);
      // A reminder is sent shortly before the start: the start it names is minutesBefore from now.
      const startsAt = kst(new Date(Math.ceil((now().getTime() + minutesBefore * 60_000) / 60_000) * 60_000));
      const attendeeIds = [...new Set([meeting.organizer.id, ...meeting.attendeeIds])];
      return { subject: meeting.eventId, data: { eventId: meeting.eventId, title: meeting.title, startsAt, minutesBefore, attendeeIds } };
    },
    "reservation.confirmed": () => {
      const reservation = newReservation();
      reservations.add(reservation, random);
      return { subject: reservation.reservationId, data: reservation };
    },
    "reservation.cancelled": () => {
      const reservation = reservations.take(random) ?? newReservation();
      return { subject: reservation.reservationId, data: reservation };
    },
    "notification.custom": () => {
      const service = pick(["approval", "board", "calendar", "reservation"] as const);
      const message = pick(CUSTOM_MESSAGES[service]);
      const department = pick(DEPARTMENTS).id;
      const recipients = chance(0.7)
        ? { userIds: [...new Set([employee().id, ...(chance(0.3) ? [employee().id] : [])])] }
        : chance(0.85)
          ? { departmentIds: [department] }
          : { all: true as const };
      return {
        source: `groupware/${service}`,
        subject: entityId("MSG"),
        data: {
          recipients,
          title: message.title.replace("{n}", String(between(2, 9))),
          ...(message.body ? { body: message.body } : {}),
          link: message.link,
        },
      };
    },
  };

  /** A document waiting for a decision (or a new one), and which of its approvers decides. */
  function documentToDecide() {
    const document = documents.take(random) ?? newDocument();
    const approverId = pick(document.approverIds);
    const approver = present(
      DEMO_DIRECTORY.find((entry) => entry.id === approverId),
      approverId,
    );
    return { document, approver };
  }

  function decide(comment: string, commentChance: number) {
    const { document, approver } = documentToDecide();
    return {
      subject: document.documentId,
      data: {
        documentId: document.documentId,
        documentTitle: document.documentTitle,
        approver: person(approver),
        requesterId: document.requester.id,
        ...(chance(commentChance) ? { comment } : {}),
      },
    };
  }

  function meetingData(meeting: { eventId: string; title: string; startsAt: string; organizer: DirectoryEntry; attendeeIds: string[] }) {
    return {
      eventId: meeting.eventId,
      title: meeting.title,
      startsAt: meeting.startsAt,
      organizer: person(meeting.organizer),
      attendeeIds: meeting.attendeeIds,
    };
  }

  const totalWeight = NOTIFICATION_EVENT_TYPES.reduce((sum, type) => sum + TYPE_WEIGHTS[type], 0);
  const pickType = (): NotificationEventType => {
    let roll = random() * totalWeight;
    for (const type of NOTIFICATION_EVENT_TYPES) {
      roll -= TYPE_WEIGHTS[type];
      if (roll < 0) return type;
    }
    return present(NOTIFICATION_EVENT_TYPES.at(-1), "an event type");
  };

  return {
    next() {
      const type = pickType();
      const made = makers[type]();
      return { type, id: uuid(random), time: now().toISOString(), ...made } as SimulatedEvent;
    },
  };
}

/** The service an event belongs to: the middle of its topic (groupware.approval → approval). */
export function serviceOf(event: Pick<SimulatedEvent, "type" | "source">): string {
  const topic = topicFor(event.type, event.source ?? `groupware/${event.type.split(".")[0]}`);
  return topic.split(".")[1] ?? topic;
}

/** Recent entities later events refer to, bounded so a long run does not grow without end. */
class Pool<T> {
  private readonly items: T[] = [];
  constructor(private readonly limit = 200) {}

  add(item: T, random: () => number): void {
    if (this.items.includes(item)) return;
    if (this.items.length >= this.limit) this.items.splice(Math.floor(random() * this.items.length), 1);
    this.items.push(item);
  }

  any(random: () => number): T | undefined {
    return this.items[Math.floor(random() * this.items.length)];
  }

  take(random: () => number): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.items.splice(Math.floor(random() * this.items.length), 1)[0];
  }
}

// Small, fast and good enough for test data; not for anything secret.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A version-4-shaped UUID from the seeded generator. */
function uuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A half-hour slot in office hours (09:00–17:30 KST), `slots` half-hours of office time after now. */
function slotFrom(from: Date, slots: number): string {
  const halfHour = 30 * 60_000;
  let t = Math.ceil(from.getTime() / halfHour) * halfHour;
  for (let left = slots; left > 0; ) {
    t += halfHour;
    const hour = new Date(t + KST_OFFSET).getUTCHours();
    if (hour >= 9 && hour < 18) left -= 1;
  }
  return kst(new Date(t));
}

const KST_OFFSET = 9 * 60 * 60_000;

/** 2026-11-26T14:00:00+09:00: how a Korean groupware would write its times. */
function kst(date: Date): string {
  return `${new Date(date.getTime() + KST_OFFSET).toISOString().slice(0, 19)}+09:00`;
}

const DOCUMENT_TITLES = [
  "출장 경비 정산",
  "법인카드 사용 내역 보고",
  "신규 노트북 구매 요청",
  "연차 휴가 신청",
  "외부 교육 참가 신청",
  "거래처 접대비 사전 승인",
  "소프트웨어 라이선스 갱신",
  "채용 공고 게시 요청",
  "분기 마케팅 예산 집행",
  "사무용품 구매 요청",
  "야근 식대 청구",
  "재택근무 신청",
  "모니터 추가 지급 요청",
  "세미나 참가비 지원 신청",
  "계약서 검토 요청",
];
const APPROVAL_COMMENTS = [
  "확인했습니다.",
  "수고하셨습니다.",
  "영수증 원본은 경영지원팀에 제출해 주세요.",
  "다음부터는 사전에 공유 부탁드립니다.",
  "승인합니다. 일정에 차질 없도록 진행해 주세요.",
];
const REJECTION_COMMENTS = [
  "예산 초과로 반려합니다. 금액을 조정해 다시 올려 주세요.",
  "증빙 자료를 첨부해 다시 올려 주세요.",
  "결재선이 잘못 지정되었습니다.",
  "이번 분기에는 진행이 어렵습니다.",
  "견적서를 두 곳 이상 비교해 주세요.",
];
const COMPANY_NOTICES = [
  "연말정산 서류 제출 안내",
  "그룹웨어 정기 점검 안내",
  "2027년 시무식 안내",
  "개인정보보호 교육 필수 이수 안내",
  "임직원 건강검진 일정 안내",
  "사내 보안 정책 개정 안내",
];
const DEPARTMENT_NOTICES = [
  "이번 주 금요일 팀 회식 안내",
  "스프린트 회고 일정 공유",
  "월간 실적 마감 안내",
  "팀 워크숍 장소 투표",
  "신규 입사자 소개",
  "업무 분장 변경 안내",
  "주간 보고서 양식 변경",
  "휴가 일정 취합 요청",
];
const POST_TITLES = [
  "신규 입사자 온보딩 체크리스트",
  "점심 맛집 추천 받습니다",
  "코드 리뷰 가이드 초안",
  "회의실 예약 규칙 개정안",
  "프로젝트 회고 정리",
  "사내 동호회 회원 모집",
  "고객 문의 응대 매뉴얼",
  "디자인 시스템 컴포넌트 목록",
];
const COMMENTS = [
  "좋은 정보 감사합니다!",
  "저도 참석하겠습니다.",
  "3번 항목은 다음 주에 다시 논의하면 좋겠습니다.",
  "자료 공유 부탁드립니다.",
  "확인했습니다. 일정 맞춰 보겠습니다.",
  "혹시 온라인으로도 참여할 수 있을까요?",
  "정리해 주셔서 감사합니다. 많은 도움이 됐어요.",
  "첨부 파일이 열리지 않는데 다시 올려 주실 수 있나요?",
];
const MEETING_TITLES = [
  "주간 팀 회의",
  "2027년 개발 로드맵 리뷰",
  "고객사 미팅 (한빛전자)",
  "신규 입사자 환영 점심",
  "디자인 시안 검토",
  "분기 실적 보고",
  "1:1 면담",
  "보안 점검 회의",
  "채용 면접 (백엔드 개발자)",
  "영업 전략 주간 회의",
];
const RESOURCES = [
  { name: "본관 3층 대회의실", minHours: 1, maxHours: 3 },
  { name: "본관 5층 소회의실 A", minHours: 0.5, maxHours: 2 },
  { name: "본관 5층 소회의실 B", minHours: 0.5, maxHours: 2 },
  { name: "별관 세미나실", minHours: 2, maxHours: 4 },
  { name: "화상회의실 1", minHours: 0.5, maxHours: 2 },
  { name: "법인 차량 (12가 3456)", minHours: 2, maxHours: 8 },
  { name: "빔 프로젝터 2호", minHours: 1, maxHours: 3 },
];
const CUSTOM_MESSAGES: Record<"approval" | "board" | "calendar" | "reservation", { title: string; body?: string; link: string }[]> = {
  approval: [
    { title: "결재 대기 문서 {n}건", body: "이번 주 금요일까지 처리해 주세요.", link: "/approval/inbox" },
    { title: "대결자로 지정되었습니다", body: "휴가 기간 동안 결재를 대신 처리해 주세요.", link: "/approval/inbox" },
  ],
  board: [{ title: "게시판 이용 규칙이 변경되었습니다", link: "/board" }],
  calendar: [{ title: "오늘 일정 {n}건이 있습니다", link: "/calendar" }],
  reservation: [
    { title: "예약하신 회의실 이용 시간이 10분 남았습니다", body: "다음 예약자를 위해 정리 부탁드립니다.", link: "/reservations" },
  ],
};

/** The demo directory is fixed: a lookup in it that finds nothing is a bug in this file. */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the demo directory has no ${what}`);
  return value;
}
