// npm run publish-event -- --type approval.requested --data '{"documentId":…}' [--source …] [--subject …] [--id …] [--topic …]
// npm run publish-event -- --file event.json   (a whole CloudEvent, or {type, data, …})
// Publishes one CloudEvent to Kafka through the typed producer, validating the data first.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { kafkaBrokers } from "../lib/env";
import { type EventType, isEventType } from "../lib/events/catalog";
import { EventPublisher } from "../lib/events/producer";

const USAGE = `usage: npm run publish-event -- --type <type> --data '<json>' [--source s] [--subject s] [--id s] [--topic t]
       npm run publish-event -- --file <event.json>`;

const { values } = parseArgs({
  options: {
    type: { type: "string" },
    data: { type: "string" },
    file: { type: "string" },
    source: { type: "string" },
    subject: { type: "string" },
    id: { type: "string" },
    topic: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const fromFile = values.file ? (JSON.parse(await readFile(values.file, "utf8")) as Record<string, unknown>) : {};
const type = values.type ?? fromFile.type;
if (typeof type !== "string" || !isEventType(type)) fail(`--type must be one of the catalog's types (got ${JSON.stringify(type ?? null)})`);
const data = values.data !== undefined ? parseJson(values.data) : fromFile.data;

const publisher = new EventPublisher(kafkaBrokers());
try {
  const event = await publisher.publish({
    type: type as EventType,
    data: data as never,
    source: values.source ?? (fromFile.source as string | undefined),
    subject: values.subject ?? (fromFile.subject as string | undefined),
    id: values.id ?? (fromFile.id as string | undefined),
    time: fromFile.time as string | undefined,
    topic: values.topic,
  });
  process.stdout.write(`published ${event.type} ${event.id} (source ${event.source})\n`);
} catch (error) {
  if (error instanceof z.ZodError) fail(`invalid data for ${type}: ${z.prettifyError(error)}`);
  throw error;
} finally {
  await publisher.close();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    fail("--data must be JSON");
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}
