import { z } from "zod";
import {
  type Audience,
  actorOf,
  audienceOf,
  dataSchemaOf,
  type EventData,
  type EventType,
  effectOf,
  isEventType,
  type Person,
  type ThreadEffect,
} from "./catalog";
import { instantSchema } from "./instant";
import { storageProblem } from "./storable";

// The CloudEvents 1.0 envelope (structured mode, JSON). Extension attributes are kept as received.
export const cloudEventSchema = z
  .object({
    specversion: z.literal("1.0"),
    id: z.string().min(1).max(200),
    source: z.string().min(1).max(200),
    type: z.string().min(1).max(100),
    time: instantSchema.optional(),
    subject: z.string().min(1).max(200).optional(),
    datacontenttype: z.literal("application/json").optional(),
    data: z.unknown(),
  })
  .loose();

export type CloudEvent = z.infer<typeof cloudEventSchema>;

export interface DecodedEvent {
  envelope: CloudEvent;
  type: EventType;
  actor: Person | null;
  audience: Audience;
  /** What it changes in earlier notifications of its item (PRODUCT.md §11), if anything. */
  effect: ThreadEffect | null;
  /** The envelope as it is stored: serialised again from what was checked, never the bytes as sent. */
  json: string;
}

/** Larger values go to the DLQ: a notification needs a few hundred bytes, not megabytes. */
export const MAX_EVENT_BYTES = 256 * 1024;

export type DecodeResult = { ok: true; event: DecodedEvent } | { ok: false; reason: string };

/**
 * Turns a Kafka message value into an event the worker can store, or the reason it cannot. Every
 * check the database would make later is made here, so bad input is a DLQ reason, not a write
 * that fails (and is retried) for ever.
 */
export function decodeEvent(value: Buffer | null): DecodeResult {
  if (!value || value.length === 0) return { ok: false, reason: "empty message" };
  if (value.length > MAX_EVENT_BYTES) {
    return { ok: false, reason: `too large: ${value.length} bytes (the limit is ${MAX_EVENT_BYTES})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch {
    return { ok: false, reason: "not valid JSON" };
  }
  const unstorable = storageProblem(json);
  if (unstorable) return { ok: false, reason: `cannot be stored: ${unstorable}` };
  const envelope = cloudEventSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `not a CloudEvent: ${describeIssues(envelope.error)}` };
  const { type } = envelope.data;
  if (!isEventType(type)) return { ok: false, reason: `unknown type "${type}"` };
  const data = dataSchemaOf(type).safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: `invalid data for ${type}: ${describeIssues(data.error)}` };
  const checked = data.data as EventData<typeof type>;
  const event = { ...envelope.data, data: checked };
  return {
    ok: true,
    event: {
      envelope: event,
      type,
      actor: actorOf(type, checked),
      audience: audienceOf(type, checked),
      effect: effectOf(type, checked),
      json: JSON.stringify(event),
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}
