import type { AdminStats } from "../admin/get-admin-stats";
import { apiBody } from "./api-request";

// The browser's side of the admin routes (docs/api.md).

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export function fetchAdminStats(): Promise<AdminStats> {
  return apiBody("/api/admin/stats");
}

/** The next page of an admin list: `url` already carries its filters and cursor. */
export function fetchAdminPage<T>(url: string): Promise<CursorPage<T>> {
  return apiBody(url);
}

export function postAnnouncement(
  announcement: { title: string; important: boolean; requiresAck?: boolean; ackDueAt?: string } & (
    | { all: true }
    | { departmentIds: string[] }
  ),
) {
  return apiBody<{ eventId: string; postId: string }>("/api/admin/announcements", { method: "POST", body: JSON.stringify(announcement) });
}

/** Sends a dead letter back to its topic, as it was or as corrected (`payload`). */
export function replayDeadLetter(id: string, payload?: string) {
  return apiBody<{ replayedAt: string }>(`/api/admin/dead-letters/${encodeURIComponent(id)}/replay`, {
    method: "POST",
    body: JSON.stringify(payload === undefined ? {} : { payload }),
  });
}
