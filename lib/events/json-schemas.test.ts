import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEMO_DIRECTORY, DEPARTMENTS } from "../../prisma/seed";
import { actorOf, audienceOf, EVENT_TYPES, topicFor } from "./catalog";
import { decodeEvent } from "./cloud-event";
import { COMMAND_TYPES } from "./commands";
import { EXAMPLE_EVENTS, exampleJson } from "./examples";
import { commandSchemaPath, dataSchemaPath, jsonSchemaFiles, SCHEMA_BASE_URL } from "./json-schemas";

const SCHEMAS_DIR = fileURLToPath(new URL("../../schemas/", import.meta.url));
const DOCS = fileURLToPath(new URL("../../docs/events.md", import.meta.url));
const generated = jsonSchemaFiles();
const examples = Object.values(EXAMPLE_EVENTS);

describe("schemas/", () => {
  it.each([...generated.keys()])("schemas/%s is what npm run schemas generates", async (relative) => {
    const committed = await readFile(path.join(SCHEMAS_DIR, relative), "utf8").catch(() => null);
    expect(committed, `schemas/${relative} is missing or out of date: run npm run schemas`).toBe(generated.get(relative));
  });

  it("holds no schema file that the catalog no longer generates", async () => {
    const entries = await readdir(SCHEMAS_DIR, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(SCHEMAS_DIR, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
    const stale = files.filter((file) => !generated.has(file));
    expect(stale, `not generated from the catalog (a removed type?): run npm run schemas`).toEqual([]);
  });

  it("has one data schema per type and one per command, each with its $id, title and description", () => {
    for (const type of EVENT_TYPES) {
      const schema = JSON.parse(generated.get(dataSchemaPath(type)) ?? "null") as Record<string, unknown> | null;
      expect(schema, type).toMatchObject({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: `${SCHEMA_BASE_URL}data/${type}.schema.json`,
        title: expect.stringContaining(type),
        description: expect.any(String),
        type: "object",
      });
    }
    for (const type of COMMAND_TYPES) {
      expect(JSON.parse(generated.get(commandSchemaPath(type)) ?? "null"), type).toMatchObject({
        $id: `${SCHEMA_BASE_URL}commands/${type}.schema.json`,
        title: expect.stringContaining(type),
        type: "object",
      });
    }
    expect(generated.size).toBe(EVENT_TYPES.length + COMMAND_TYPES.length + 1);
  });

  it("generates byte-identical output every time", () => {
    expect(jsonSchemaFiles()).toEqual(generated);
    for (const contents of generated.values()) expect(contents.endsWith("}\n")).toBe(true);
  });
});

describe("examples", () => {
  const directory = new Map(DEMO_DIRECTORY.map((entry) => [entry.id, entry.name]));
  const departments = new Set<string>(DEPARTMENTS.map((department) => department.id));

  it("cover every type of the catalog", () => {
    expect(Object.keys(EXAMPLE_EVENTS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(examples.map((event) => [event.type, event] as const))(
    "%s decodes, names real people and goes to its service's topic",
    (type, event) => {
      const result = decodeEvent(Buffer.from(JSON.stringify(event)));
      expect(result.ok && result.event.type).toBe(type);
      expect(topicFor(event.type, event.source)).toBe(`groupware.${event.source.split("/").pop()}`);
      const actor = actorOf(type, event.data);
      if (actor) expect(directory.get(actor.id), actor.id).toBe(actor.name);
      const audience = audienceOf(type, event.data);
      if ("userIds" in audience) for (const id of audience.userIds) expect(directory.has(id), id).toBe(true);
      if ("departmentIds" in audience) for (const id of audience.departmentIds) expect(departments.has(id), id).toBe(true);
    },
  );

  it("are all in docs/events.md, verbatim", async () => {
    const docs = await readFile(DOCS, "utf8");
    for (const event of examples) {
      expect(
        docs.includes(`\`\`\`json\n${exampleJson(event)}\n\`\`\``),
        `${event.type}: copy lib/events/examples.ts into docs/events.md`,
      ).toBe(true);
    }
  });

  it("have unique (source, id)", () => {
    expect(new Set(examples.map((event) => `${event.source} ${event.id}`)).size).toBe(examples.length);
  });
});
