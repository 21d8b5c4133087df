import { describe, expect, it } from "vitest";
import { dataSchemaOf, type EventType, NOTIFICATION_EVENT_TYPES } from "../../lib/events/catalog";
import { decodeEvent } from "../../lib/events/cloud-event";
import { buildCloudEvent } from "../../lib/events/producer";
import { DEMO_DIRECTORY, DEPARTMENTS } from "../../prisma/seed";
import { createEventGenerator, type SimulatedEvent, serviceOf } from "./simulated-events";

const NOW = new Date("2026-11-24T01:30:00Z");
const generate = (seed: number, count: number): SimulatedEvent[] => {
  const generator = createEventGenerator(seed, () => NOW);
  return Array.from({ length: count }, () => generator.next());
};

describe("createEventGenerator", () => {
  const events = generate(42, 2_000);
  const directory = new Map(DEMO_DIRECTORY.map((entry) => [entry.id, entry.name]));
  const departments = new Set<string>(DEPARTMENTS.map((department) => department.id));

  it("makes only events the worker accepts", () => {
    for (const options of events) {
      expect(dataSchemaOf(options.type).safeParse(options.data).success, options.type).toBe(true);
      const event = buildCloudEvent(options);
      const decoded = decodeEvent(Buffer.from(JSON.stringify(event)));
      if (!decoded.ok) throw new Error(`${options.type}: ${decoded.reason}\n${JSON.stringify(event)}`);
      const { actor, audience } = decoded.event;
      if (actor) expect(directory.get(actor.id), `${options.type} actor ${actor.id}`).toBe(actor.name);
      if ("userIds" in audience) for (const id of audience.userIds) expect(directory.has(id), `${options.type} ${id}`).toBe(true);
      if ("departmentIds" in audience) for (const id of audience.departmentIds) expect(departments.has(id), id).toBe(true);
      expect(event.subject, options.type).toBeTruthy();
    }
  });

  it("makes every notification type of the catalog, approvals and comments more often than all-company notices", () => {
    const count = (type: EventType) => events.filter((event) => event.type === type).length;
    for (const type of NOTIFICATION_EVENT_TYPES) expect(count(type), type).toBeGreaterThan(0);
    const allCompany = events.filter((e) => e.type === "board.notice.published" && "all" in e.data.audience).length;
    expect(count("approval.requested")).toBeGreaterThan(10 * Math.max(1, allCompany));
    expect(count("board.comment.created")).toBeGreaterThan(count("board.notice.published"));
  });

  it("covers the four services", () => {
    expect(new Set(events.map(serviceOf))).toEqual(new Set(["approval", "board", "calendar", "reservation"]));
  });

  it("never lets the actor be the only one told", () => {
    for (const event of events) {
      const decoded = decodeEvent(Buffer.from(JSON.stringify(buildCloudEvent(event))));
      if (!decoded.ok) continue;
      const { actor, audience } = decoded.event;
      // A withdrawal or a deleted post names nobody on purpose: it changes earlier notifications only.
      if (actor && "userIds" in audience && audience.userIds.length > 0)
        expect(audience.userIds.filter((id) => id !== actor.id).length, event.type).toBeGreaterThan(0);
    }
  });

  it("decides, changes and cancels what it made earlier", () => {
    const requested = new Set(events.filter((e) => e.type === "approval.requested").map((e) => e.subject));
    const decided = events.filter((e) => e.type === "approval.approved" || e.type === "approval.rejected");
    expect(decided.filter((e) => requested.has(e.subject)).length).toBeGreaterThan(decided.length / 2);
  });

  it("is reproducible from its seed, with unique event ids", () => {
    expect(generate(42, 200)).toEqual(events.slice(0, 200));
    expect(generate(43, 200)).not.toEqual(events.slice(0, 200));
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });
});
