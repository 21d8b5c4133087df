// The PostgreSQL NOTIFY channels, in one place. The worker's SQL function (migration
// 20261125030000_store_batch_function) names the first in its own text; channels.test.ts checks
// that every channel a migration notifies on is one of these.

export const CHANNELS = {
  /** New notifications: `{"u":[[userId, lastSeq], …]}`, or `{"u":null}` (check everyone). Sent by the worker. */
  notifications: "gw_notifications",
  /** A change of read state, with the new counts (lib/notifications/read-state.ts). */
  readState: "gw_read_state",
  /** A session that ended (its id): its live streams close in every web process. */
  sessionEnded: "gw_session_ended",
  /** People the directory deactivated: `{"u":[userId, …]}`, or `{"u":null}` (check everyone). Their streams close. */
  peopleLeft: "gw_people_left",
  /** Someone acknowledged a must-read notice: its post id. The admins' receipt pages read the receipts again. */
  noticeReceipts: "gw_notice_receipts",
  /** A person's new preferences: `{"userId", "preferences"}`, sent to their streams as `event: preferences`. */
  preferences: "gw_preferences",
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];
