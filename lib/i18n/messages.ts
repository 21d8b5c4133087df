// Every UI string, in Korean and English. Dependency-free so server and client components can both
// import it. Korean is the source: a key missing from English is a type error.

import type { Locale } from "./locale";

const ko = {
  "app.name": "그룹웨어",
  "app.description": "전자결재, 게시판, 일정, 자원예약의 알림을 한곳에서 실시간으로 받아 보세요.",

  "login.pageTitle": "로그인",
  "login.heading": "그룹웨어에 로그인",
  "login.subheading": "회사 계정으로 로그인하세요.",
  "login.email": "이메일",
  "login.password": "비밀번호",
  "login.submit": "로그인",
  "login.submitting": "로그인 중…",
  "login.error.invalidCredentials": "이메일 또는 비밀번호가 올바르지 않습니다.",
  "login.error.badInput": "이메일과 비밀번호를 확인해 주세요.",
  "login.error.tooManyAttempts": "로그인 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요.",
  "login.error.unexpected": "로그인하지 못했습니다. 잠시 후 다시 시도해 주세요.",
  "login.error.network": "서버에 연결할 수 없습니다. 네트워크를 확인해 주세요.",
  "login.demoHint": "데모 계정: {email} / {password}",
  "login.demoHintMore": "e0001부터 e0050까지, 관리자는 admin@groupware.test (비밀번호 동일)",
  "login.demoFill": "데모 계정 입력",
  "login.required.heading": "로그인이 필요합니다",
  "login.required.subheading": "이 페이지를 보려면 회사 계정으로 로그인하세요. 로그인하면 바로 이 페이지가 열립니다.",
  "login.oidc.button": "회사 계정으로 로그인",
  "login.oidc.or": "또는 이메일과 비밀번호로",
  "login.oidc.error.unknownPerson": "회사 계정은 확인되었지만 이 서비스의 직원 명단에 없는 계정입니다. 관리자에게 문의해 주세요.",
  "login.oidc.error.deactivated": "사용이 중지된 계정입니다. 관리자에게 문의해 주세요.",
  "login.oidc.error.accessDenied": "회사 계정 로그인이 취소되었거나 거부되었습니다.",
  "login.oidc.error.provider": "회사 로그인 서비스에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
  "login.oidc.error.invalidResponse": "로그인 요청을 확인할 수 없습니다. 만료되었거나 변조되었을 수 있으니 다시 로그인해 주세요.",
  "login.oidc.error.unavailable": "회사 로그인 서비스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",

  "header.home": "홈",
  "header.account": "내 계정",
  "header.signOut": "로그아웃",
  "header.signingOut": "로그아웃 중…",

  "header.language": "언어",
  "header.switchLanguage": "Switch to English",
  "header.otherLanguage": "English",
  "header.otherLanguageShort": "EN",

  "bell.label": "알림",
  "bell.labelUnread": "알림, 읽지 않음 {count}개",
  "bell.panelTitle": "알림",
  "bell.listLabel": "알림 목록",
  "bell.unreadSummary": "읽지 않음 {count}개",
  "bell.empty": "새 알림이 없습니다",
  "bell.emptyHint": "결재, 공지, 일정, 예약 소식이 생기면 여기에 바로 표시됩니다.",
  "bell.emptyUnread": "읽지 않은 알림이 없습니다",
  "bell.emptyUnreadHint": "모든 알림을 확인했습니다.",
  "bell.emptySource": "이 서비스의 알림이 없습니다",
  "bell.loading": "알림을 불러오는 중…",
  "bell.loadError": "알림을 불러오지 못했습니다.",
  "bell.retry": "다시 시도",
  "bell.unread": "읽지 않음",
  "bell.markRead": "읽음으로 표시",
  "bell.markUnread": "읽지 않음으로 표시",
  "bell.markAllRead": "모두 읽음",
  "bell.markAllReadLabel": "지금까지 받은 알림을 모두 읽음으로 표시",
  "bell.markFailed": "읽음 상태를 바꾸지 못했습니다. 다시 시도해 주세요.",
  "bell.viewAll": "알림 전체 보기",
  "bell.loadingMore": "더 불러오는 중…",
  "bell.loadMoreError": "더 불러오지 못했습니다.",
  "bell.end": "더 이전 알림이 없습니다",
  "bell.announceNew": "새 알림: {title}",
  "bell.announceMany": "새 알림 {count}개. 가장 최근 알림: {title}",
  "bell.newToast": "새 알림",
  "bell.dismiss": "닫기",
  "bell.toastRegion": "새 알림 미리보기",

  "filter.label": "알림 필터",
  "filter.read": "읽음 상태",
  "filter.all": "전체",
  "filter.unread": "읽지 않음",
  "filter.source": "서비스",
  "filter.allSources": "모든 서비스",

  "history.pageTitle": "알림",
  "history.heading": "알림",
  "history.subtitle": "지금까지 받은 모든 알림입니다. 날짜별로 모아 보여 줍니다.",
  "history.loadMore": "더 보기",
  "history.loadingMore": "불러오는 중…",
  "history.end": "처음 받은 알림까지 모두 보았습니다.",
  "history.today": "오늘",
  "history.yesterday": "어제",
  "history.dayLabel": "{day}의 알림",

  "time.justNow": "방금 전",

  "connection.live": "실시간 연결됨",
  "connection.connecting": "연결 중…",
  "connection.reconnecting": "다시 연결하는 중…",
  "connection.offline": "오프라인",
  "connection.reconnectingDetail": "실시간 연결이 잠시 끊겼습니다. 자동으로 다시 연결하고, 그동안 온 알림을 바로 가져옵니다.",
  "connection.offlineDetail": "서버에 연결할 수 없습니다. 연결되는 대로 놓친 알림을 가져옵니다.",

  "service.approval": "전자결재",
  "service.board": "게시판",
  "service.calendar": "일정",
  "service.reservation": "자원예약",
  "service.other": "알림",

  "home.greeting": "안녕하세요, {name}님",
  "home.subtitle": "오늘의 업무 소식은 오른쪽 위 알림에서 실시간으로 확인할 수 있습니다.",
  "home.servicesHeading": "서비스",
  "home.notifiesAbout": "이런 알림을 보냅니다",
  "home.approval.description": "기안한 문서의 결재 요청과 승인·반려 결과를 주고받습니다.",
  "home.approval.events": "결재 요청 · 승인 · 반려",
  "home.board.description": "전사와 부서 공지, 내 게시글에 달린 댓글을 확인합니다.",
  "home.board.events": "새 공지 · 중요 공지 · 댓글",
  "home.calendar.description": "회의 초대와 일정 변경, 시작 전 미리 알림을 받습니다.",
  "home.calendar.events": "초대 · 변경 · 취소 · 미리 알림",
  "home.reservation.description": "회의실과 장비 예약의 확정과 취소를 알려 드립니다.",
  "home.reservation.events": "예약 확정 · 예약 취소",
  "home.liveHeading": "모든 알림을 한곳에서",
  "home.liveBody": "각 서비스에서 일어난 일은 몇 초 안에 종 모양 아이콘에 도착합니다. 페이지를 새로 고칠 필요가 없습니다.",
  "home.keyboardHint":
    "키보드로도 쓸 수 있습니다: Tab으로 알림 버튼에 이동해 Enter로 열고, 위아래 화살표로 알림을 고른 뒤 Enter로 여세요. Esc로 닫습니다.",

  "department.D01": "경영지원",
  "department.D02": "개발",
  "department.D03": "영업",
  "department.D04": "인사",
  "department.D05": "디자인",
} as const;

export type MessageKey = keyof typeof ko;
type Messages = Record<MessageKey, string>;

const en: Messages = {
  "app.name": "Groupware",
  "app.description": "Live notifications from approvals, the board, the calendar and reservations, in one place.",

  "login.pageTitle": "Sign in",
  "login.heading": "Sign in to Groupware",
  "login.subheading": "Use your company account.",
  "login.email": "Email",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.submitting": "Signing in…",
  "login.error.invalidCredentials": "The email or password is incorrect.",
  "login.error.badInput": "Check the email and password.",
  "login.error.tooManyAttempts": "Too many sign-in attempts. Try again in a moment.",
  "login.error.unexpected": "Could not sign you in. Try again in a moment.",
  "login.error.network": "Cannot reach the server. Check your connection.",
  "login.demoHint": "Demo account: {email} / {password}",
  "login.demoHintMore": "e0001 to e0050; the admin is admin@groupware.test (same password)",
  "login.demoFill": "Use demo account",
  "login.required.heading": "Sign in to continue",
  "login.required.subheading": "Sign in with your company account to see this page; it opens as soon as you do.",
  "login.oidc.button": "Sign in with your company account",
  "login.oidc.or": "or with your email and password",
  "login.oidc.error.unknownPerson":
    "Your company account was recognised, but it is not in this service's directory. Ask your administrator.",
  "login.oidc.error.deactivated": "This account has been deactivated. Ask your administrator.",
  "login.oidc.error.accessDenied": "Signing in with your company account was cancelled or refused.",
  "login.oidc.error.provider": "Your company's sign-in service reported an error. Try again in a moment.",
  "login.oidc.error.invalidResponse": "This sign-in could not be verified: it may have expired or been altered. Please sign in again.",
  "login.oidc.error.unavailable": "Cannot reach your company's sign-in service. Try again in a moment.",

  "header.home": "Home",
  "header.account": "My account",
  "header.signOut": "Sign out",
  "header.signingOut": "Signing out…",

  "header.language": "Language",
  "header.switchLanguage": "한국어로 보기",
  "header.otherLanguage": "한국어",
  "header.otherLanguageShort": "KO",

  "bell.label": "Notifications",
  "bell.labelUnread": "Notifications, {count} unread",
  "bell.panelTitle": "Notifications",
  "bell.listLabel": "Notification list",
  "bell.unreadSummary": "{count} unread",
  "bell.empty": "No notifications yet",
  "bell.emptyHint": "Approvals, notices, events and reservations will show up here as they happen.",
  "bell.emptyUnread": "No unread notifications",
  "bell.emptyUnreadHint": "You're all caught up.",
  "bell.emptySource": "Nothing from this service",
  "bell.loading": "Loading notifications…",
  "bell.loadError": "Could not load notifications.",
  "bell.retry": "Try again",
  "bell.unread": "Unread",
  "bell.markRead": "Mark as read",
  "bell.markUnread": "Mark as unread",
  "bell.markAllRead": "Mark all read",
  "bell.markAllReadLabel": "Mark every notification received so far as read",
  "bell.markFailed": "Could not change the read state. Try again.",
  "bell.viewAll": "See all notifications",
  "bell.loadingMore": "Loading more…",
  "bell.loadMoreError": "Could not load more.",
  "bell.end": "No older notifications",
  "bell.announceNew": "New notification: {title}",
  "bell.announceMany": "{count} new notifications. Latest: {title}",
  "bell.newToast": "New notification",
  "bell.dismiss": "Dismiss",
  "bell.toastRegion": "New notification previews",

  "filter.label": "Filter notifications",
  "filter.read": "Read state",
  "filter.all": "All",
  "filter.unread": "Unread",
  "filter.source": "Service",
  "filter.allSources": "All services",

  "history.pageTitle": "Notifications",
  "history.heading": "Notifications",
  "history.subtitle": "Everything you have been notified of, grouped by day.",
  "history.loadMore": "Load more",
  "history.loadingMore": "Loading…",
  "history.end": "You have reached your very first notification.",
  "history.today": "Today",
  "history.yesterday": "Yesterday",
  "history.dayLabel": "Notifications of {day}",

  "time.justNow": "just now",

  "connection.live": "Live",
  "connection.connecting": "Connecting…",
  "connection.reconnecting": "Reconnecting…",
  "connection.offline": "Offline",
  "connection.reconnectingDetail": "The live connection dropped for a moment. Reconnecting, and fetching what arrived meanwhile.",
  "connection.offlineDetail": "Cannot reach the server. Missed notifications will arrive as soon as it is back.",

  "service.approval": "Approvals",
  "service.board": "Board",
  "service.calendar": "Calendar",
  "service.reservation": "Reservations",
  "service.other": "Notification",

  "home.greeting": "Welcome back, {name}",
  "home.subtitle": "News from your work arrives live in the notifications at the top right.",
  "home.servicesHeading": "Services",
  "home.notifiesAbout": "Notifies you about",
  "home.approval.description": "Send documents for approval and hear back when they are approved or rejected.",
  "home.approval.events": "Requests · Approvals · Rejections",
  "home.board.description": "Company and team notices, and comments on your posts.",
  "home.board.events": "Notices · Important notices · Comments",
  "home.calendar.description": "Meeting invitations, changes, and reminders before things start.",
  "home.calendar.events": "Invitations · Changes · Cancellations · Reminders",
  "home.reservation.description": "Confirmations and cancellations of rooms and equipment.",
  "home.reservation.events": "Confirmed · Cancelled",
  "home.liveHeading": "Every notification in one place",
  "home.liveBody": "What happens in each service reaches the bell within seconds. No need to reload the page.",
  "home.keyboardHint":
    "Works from the keyboard too: Tab to the bell and press Enter, pick a notification with the arrow keys and Enter, close with Esc.",

  "department.D01": "Management Support",
  "department.D02": "Development",
  "department.D03": "Sales",
  "department.D04": "Human Resources",
  "department.D05": "Design",
};

const dictionaries: Record<Locale, Messages> = { ko, en };

export const MESSAGE_KEYS = Object.keys(ko) as MessageKey[];

/** The string for `key` in `locale`, with `{name}` placeholders filled from `vars`. */
export function t(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = dictionaries[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

/** A department's name from the directory (the seed's departments); an unknown id is shown as it is. */
export function departmentName(locale: Locale, departmentId: string): string {
  const key = `department.${departmentId}`;
  return isMessageKey(key) ? t(locale, key) : departmentId;
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ko, key);
}
