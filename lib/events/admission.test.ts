import { describe, expect, it } from "vitest";
import { type AdmissionRules, admissionProblem } from "./admission";
import type { EventType } from "./catalog";
import { decodeEvent } from "./cloud-event";
import { EXAMPLE_EVENTS } from "./examples";

// Topic, source and type must agree; everyone as an audience only from the services allowed to.
const rules = (topicService: AdmissionRules["topicService"], allAudienceServices: AdmissionRules["allAudienceServices"] = ["board"]) => ({
  topicService,
  allAudienceServices,
});

function problemOf(type: EventType, changes: Record<string, unknown>, on: AdmissionRules): string | null {
  const decoded = decodeEvent(Buffer.from(JSON.stringify({ ...EXAMPLE_EVENTS[type], ...changes })));
  if (!decoded.ok) throw new Error(decoded.reason);
  return admissionProblem(decoded.event, on);
}

describe("admissionProblem", () => {
  it.each([
    ["an approval event from the approval service on its topic", "approval.requested", {}, rules("approval"), null],
    [
      "a custom event from the calendar on the calendar's topic",
      "notification.custom",
      { source: "groupware/calendar" },
      rules("calendar"),
      null,
    ],
    ["an all-company notice from the board", "board.notice.published", {}, rules("board"), null],
    [
      "an approval event on the board's topic",
      "approval.requested",
      {},
      rules("board"),
      "approval.requested is published on groupware.approval, not on groupware.board",
    ],
    [
      "an approval event claiming to come from the board",
      "approval.requested",
      { source: "groupware/board" },
      rules("approval"),
      'source "groupware/board" publishes on groupware.board, not on groupware.approval',
    ],
    [
      "a source that is no groupware service",
      "approval.requested",
      { source: "evil/approval" },
      rules("approval"),
      'source "evil/approval" is not a groupware service (on groupware.approval it must be "groupware/approval")',
    ],
    [
      "a custom event from the board on the approval topic",
      "notification.custom",
      { source: "groupware/board" },
      rules("approval"),
      'source "groupware/board" publishes on groupware.board, not on groupware.approval',
    ],
  ] as const)("%s", (_, type, changes, on, expected) => {
    expect(problemOf(type, changes, on)).toBe(expected);
  });

  it("takes everyone as an audience only from ALL_AUDIENCE_SOURCES", () => {
    const everyone = { source: "groupware/calendar", data: { recipients: { all: true }, title: "전사 알림" } };
    expect(problemOf("notification.custom", everyone, rules("calendar"))).toMatch(
      /^an audience of everyone \(\{"all": true\}\) is taken only from ALL_AUDIENCE_SOURCES \(board\), and groupware\/calendar is not one$/,
    );
    expect(problemOf("notification.custom", everyone, rules("calendar", ["board", "calendar"]))).toBeNull();
    expect(problemOf("board.notice.published", {}, rules("board", []))).toMatch(/ALL_AUDIENCE_SOURCES \(none\)/);
  });
});
