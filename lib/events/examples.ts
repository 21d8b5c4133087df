import type { EventData, EventType } from "./catalog";

// One complete, valid CloudEvent per type, over the demo directory (prisma/seed.ts). docs/events.md
// shows each one verbatim (JSON.stringify with 2 spaces); json-schemas.test.ts checks that they
// decode and that the document still contains them, so the examples in the docs cannot drift.

export interface ExampleEvent<T extends EventType = EventType> {
  specversion: "1.0";
  id: string;
  source: string;
  type: T;
  time: string;
  subject: string;
  datacontenttype: "application/json";
  data: EventData<T>;
}

export const EXAMPLE_EVENTS: { [T in EventType]: ExampleEvent<T> } = {
  "approval.requested": {
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
  },
  "approval.approved": {
    specversion: "1.0",
    id: "17f78ad2-1cf4-4c0e-897c-e6d7c7a8b12c",
    source: "groupware/approval",
    type: "approval.approved",
    time: "2026-11-24T10:05:12Z",
    subject: "DOC-2026-0042",
    datacontenttype: "application/json",
    data: {
      documentId: "DOC-2026-0042",
      documentTitle: "출장 경비 정산",
      approver: { id: "E0003", name: "박도윤" },
      requesterId: "E0012",
      comment: "확인했습니다. 영수증 원본은 경영지원팀에 제출해 주세요.",
    },
  },
  "approval.rejected": {
    specversion: "1.0",
    id: "96b4dcb3-b362-4d5a-9f36-c9145d716a56",
    source: "groupware/approval",
    type: "approval.rejected",
    time: "2026-11-24T10:41:37Z",
    subject: "DOC-2026-0047",
    datacontenttype: "application/json",
    data: {
      documentId: "DOC-2026-0047",
      documentTitle: "2027년 상반기 외부 교육 참가 신청",
      approver: { id: "E0031", name: "남태윤" },
      requesterId: "E0016",
      comment: "교육 기관 견적서를 첨부해 다시 올려 주세요.",
    },
  },
  "board.notice.published": {
    specversion: "1.0",
    id: "cd35e145-6628-4102-80aa-5b1698d13a53",
    source: "groupware/board",
    type: "board.notice.published",
    time: "2026-11-24T00:10:00Z",
    subject: "POST-2026-0815",
    datacontenttype: "application/json",
    data: {
      postId: "POST-2026-0815",
      title: "연말정산 서류 제출 안내",
      author: { id: "E0034", name: "하윤서" },
      audience: { all: true },
      important: true,
    },
  },
  "board.comment.created": {
    specversion: "1.0",
    id: "2d4413f9-4c59-4920-ae60-8247eaf7ccd3",
    source: "groupware/board",
    type: "board.comment.created",
    time: "2026-11-24T02:17:45Z",
    subject: "POST-2026-0802",
    datacontenttype: "application/json",
    data: {
      postId: "POST-2026-0802",
      postTitle: "신규 입사자 온보딩 체크리스트",
      commenter: { id: "E0014", name: "서지민" },
      postAuthorId: "E0037",
      excerpt: "개발팀 장비 신청 항목도 추가하면 좋겠습니다.",
    },
  },
  "calendar.event.invited": {
    specversion: "1.0",
    id: "3836a7c5-7146-4d40-b223-b242618a6748",
    source: "groupware/calendar",
    type: "calendar.event.invited",
    time: "2026-11-24T05:02:09Z",
    subject: "EVT-2026-1130-01",
    datacontenttype: "application/json",
    data: {
      eventId: "EVT-2026-1130-01",
      title: "2027년 개발 로드맵 리뷰",
      startsAt: "2026-11-30T14:00:00+09:00",
      organizer: { id: "E0011", name: "한수아" },
      inviteeIds: ["E0012", "E0013", "E0016", "E0043"],
    },
  },
  "calendar.event.updated": {
    specversion: "1.0",
    id: "7fc8a2d2-4aa6-4b4b-9125-0f91bfef4231",
    source: "groupware/calendar",
    type: "calendar.event.updated",
    time: "2026-11-25T01:48:30Z",
    subject: "EVT-2026-1130-01",
    datacontenttype: "application/json",
    data: {
      eventId: "EVT-2026-1130-01",
      title: "2027년 개발 로드맵 리뷰",
      startsAt: "2026-12-01T10:00:00+09:00",
      organizer: { id: "E0011", name: "한수아" },
      attendeeIds: ["E0012", "E0013", "E0016", "E0043"],
    },
  },
  "calendar.event.cancelled": {
    specversion: "1.0",
    id: "8b1fc465-06fa-451a-9522-c083b283b9c6",
    source: "groupware/calendar",
    type: "calendar.event.cancelled",
    time: "2026-11-25T08:20:00Z",
    subject: "EVT-2026-1127-03",
    datacontenttype: "application/json",
    data: {
      eventId: "EVT-2026-1127-03",
      title: "영업 전략 주간 회의",
      startsAt: "2026-11-27T09:00:00+09:00",
      organizer: { id: "E0021", name: "전소율" },
      attendeeIds: ["E0022", "E0023", "E0025", "E0028"],
    },
  },
  "calendar.event.reminder": {
    specversion: "1.0",
    id: "9b22049e-d971-47a1-a632-2670ffcf0aff",
    source: "groupware/calendar",
    type: "calendar.event.reminder",
    time: "2026-11-25T05:50:00Z",
    subject: "EVT-2026-1125-02",
    datacontenttype: "application/json",
    data: {
      eventId: "EVT-2026-1125-02",
      title: "디자인 시안 검토",
      startsAt: "2026-11-25T15:00:00+09:00",
      minutesBefore: 10,
      attendeeIds: ["E0041", "E0044", "E0012"],
    },
  },
  "reservation.confirmed": {
    specversion: "1.0",
    id: "987be702-8ccf-44b9-a89c-6532337d5e71",
    source: "groupware/reservation",
    type: "reservation.confirmed",
    time: "2026-11-24T06:12:03Z",
    subject: "RSV-2026-3141",
    datacontenttype: "application/json",
    data: {
      reservationId: "RSV-2026-3141",
      resourceName: "본관 3층 대회의실",
      startsAt: "2026-11-26T13:00:00+09:00",
      endsAt: "2026-11-26T15:00:00+09:00",
      reserverId: "E0025",
    },
  },
  "reservation.cancelled": {
    specversion: "1.0",
    id: "3d7ebf65-6cc3-4016-978d-30d54c56857c",
    source: "groupware/reservation",
    type: "reservation.cancelled",
    time: "2026-11-24T07:30:41Z",
    subject: "RSV-2026-3127",
    datacontenttype: "application/json",
    data: {
      reservationId: "RSV-2026-3127",
      resourceName: "법인 차량 (12가 3456)",
      startsAt: "2026-11-28T09:00:00+09:00",
      endsAt: "2026-11-28T18:00:00+09:00",
      reserverId: "E0027",
    },
  },
  "notification.custom": {
    specversion: "1.0",
    id: "ff33079b-74af-4607-ad79-af4598c74e38",
    source: "groupware/approval",
    type: "notification.custom",
    time: "2026-11-24T23:00:00Z",
    subject: "DIGEST-2026-11-25",
    datacontenttype: "application/json",
    data: {
      recipients: { userIds: ["E0003", "E0007"] },
      title: "결재 대기 문서 5건",
      body: "이번 주 금요일까지 처리해 주세요.",
      link: "/approval/inbox",
    },
  },
};

/** The text docs/events.md shows for an example: exactly this, inside a ```json block. */
export function exampleJson(event: ExampleEvent): string {
  return JSON.stringify(event, null, 2);
}
