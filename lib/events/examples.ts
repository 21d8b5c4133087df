import { EVENT_TYPES, EVENTS, type EventData, type EventType, SERVICES, serviceOf } from "./catalog";

// One complete, valid CloudEvent per type, built from the example in its catalog entry.
// docs/events.md shows each one verbatim (JSON.stringify with 2 spaces); json-schemas.test.ts
// checks that they decode and that the document still contains them, so the docs cannot drift.

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

export const EXAMPLE_EVENTS = Object.fromEntries(EVENT_TYPES.map((type) => [type, exampleOf(type)])) as {
  [T in EventType]: ExampleEvent<T>;
};

/** The text docs/events.md shows for an example: exactly this, inside a ```json block. */
export function exampleJson(event: ExampleEvent): string {
  return JSON.stringify(event, null, 2);
}

function exampleOf<T extends EventType>(type: T): ExampleEvent<T> {
  const definition = EVENTS[type];
  const { id, time, data } = definition.example;
  const source = definition.example.source ?? SERVICES[serviceOf(type, undefined)].source;
  const parsed = definition.data.parse(data) as EventData<T>;
  const subject = definition.example.subject ?? (definition.subject as (d: EventData<T>) => string | undefined)(parsed);
  if (!subject) throw new Error(`${type}: its example needs a subject`);
  return { specversion: "1.0", id, source, type, time, subject, datacontenttype: "application/json", data: parsed };
}
