import { z } from "zod";
import { EVENT_TYPES, EVENTS, type EventType } from "./catalog";
import { cloudEventSchema, MAX_EVENT_BYTES } from "./cloud-event";
import { COMMAND_TYPES, COMMANDS, type CommandType } from "./commands";

// JSON Schemas (draft 2020-12) of the event contract, generated from the zod schemas so producers in
// any language validate against exactly what the worker accepts. `npm run schemas` writes them under
// schemas/; json-schemas.test.ts fails when the committed files drift from this output.

export const SCHEMA_BASE_URL = "https://groupware.example/schemas/";
export const ENVELOPE_SCHEMA_PATH = "cloudevent.schema.json";

const ENVELOPE_ATTRIBUTES: Record<string, string> = {
  specversion: "CloudEvents version: always 1.0",
  id: "Unique per source: (source, id) is the idempotency key, so a redelivered event never makes a second notification",
  source: "The producing service, e.g. groupware/approval",
  type: "One of the catalog's types, e.g. approval.requested; an unknown type goes to the dead-letter topic",
  time: "When it happened, ISO 8601 with Z or an offset",
  subject: "The entity the event is about (documentId, postId, eventId, reservationId); also the Kafka message key",
  datacontenttype: "application/json when present",
  data: `The event's data, validated by the schema of its type: ${SCHEMA_BASE_URL}data/<type>.schema.json`,
};

export function dataSchemaPath(type: EventType): string {
  return `data/${type}.schema.json`;
}

/** The commands this service sends (lib/events/commands.ts), beside the events it takes. */
export function commandSchemaPath(type: CommandType): string {
  return `commands/${type}.schema.json`;
}

/** Every schema file: path relative to schemas/ → contents, sorted by path. */
export function jsonSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    ENVELOPE_SCHEMA_PATH,
    render(ENVELOPE_SCHEMA_PATH, cloudEventSchema, {
      title: "Groupware notification event (CloudEvents 1.0, structured mode)",
      description:
        "The envelope of every message on the groupware.* topics: a CloudEvents 1.0 JSON object, UTF-8, " +
        `at most ${MAX_EVENT_BYTES} bytes (256 KiB). Its data is not checked here (it is unknown to this schema): ` +
        "validate it with the schema of its type under data/. Extension attributes are allowed and kept.",
      properties: ENVELOPE_ATTRIBUTES,
    }),
  );
  for (const type of [...EVENT_TYPES].sort()) {
    const path = dataSchemaPath(type);
    files.set(path, render(path, EVENTS[type].data, { title: `${type} data`, description: EVENTS[type].description }));
  }
  for (const type of [...COMMAND_TYPES].sort()) {
    const path = commandSchemaPath(type);
    const { description, topic } = COMMANDS[type];
    files.set(path, render(path, COMMANDS[type].data, { title: `${type} data (a command on ${topic})`, description }));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Header {
  title: string;
  description: string;
  /** Descriptions for top-level properties the zod schema does not describe itself. */
  properties?: Record<string, string>;
}

function render(path: string, schema: z.ZodType, header: Header): string {
  // "input": what a producer may send. Objects that zod strips (rather than rejects) extra keys from
  // therefore get no additionalProperties: false, which matches the worker.
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  if (header.properties) describeProperties(path, rest, header.properties);
  const document = { $schema, $id: `${SCHEMA_BASE_URL}${path}`, title: header.title, description: header.description, ...rest };
  return `${JSON.stringify(canonical(document), null, 2)}\n`;
}

function describeProperties(path: string, schema: Record<string, unknown>, descriptions: Record<string, string>): void {
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [name, description] of Object.entries(descriptions)) {
    const property = properties?.[name];
    if (!property) throw new Error(`${path}: the schema has no property "${name}" to describe`);
    property.description ??= description;
  }
}

// Keywords in one fixed order (whatever order zod emits them in), so a zod upgrade that only
// reorders keys changes no file. Property names keep the order of the zod schema: it reads best.
const KEYWORD_ORDER = [
  "$schema",
  "$id",
  "title",
  "description",
  "type",
  "const",
  "enum",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "items",
  "properties",
  "required",
  "additionalProperties",
  "anyOf",
  "oneOf",
  "allOf",
];
const SCHEMA_MAPS = new Set(["properties", "$defs", "patternProperties", "dependentSchemas"]);

function canonical(node: unknown, isSchemaMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => canonical(item));
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node);
  if (!isSchemaMap) entries.sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, value]) => [key, canonical(value, !isSchemaMap && SCHEMA_MAPS.has(key))]));
}

function rank(keyword: string): number {
  const index = KEYWORD_ORDER.indexOf(keyword);
  return index === -1 ? KEYWORD_ORDER.length : index;
}
