// npm run schemas — writes the JSON Schemas of the event contract (lib/events/json-schemas.ts) under
// schemas/ and removes schema files of types no longer in the catalog. Commit the result:
// lib/events/json-schemas.test.ts fails when the files and the zod schemas disagree.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { jsonSchemaFiles } from "../lib/events/json-schemas";

const root = fileURLToPath(new URL("../schemas/", import.meta.url));
const files = jsonSchemaFiles();
let written = 0;

for (const [relative, contents] of files) {
  const target = path.join(root, relative);
  if ((await readFile(target, "utf8").catch(() => null)) === contents) continue;
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, contents);
  written += 1;
  process.stdout.write(`wrote schemas/${relative}\n`);
}

const stale = (await listSchemaFiles(root)).filter((relative) => !files.has(relative));
for (const relative of stale) {
  await rm(path.join(root, relative));
  process.stdout.write(`removed schemas/${relative}\n`);
}

process.stdout.write(`${files.size} schemas, ${written} written, ${stale.length} removed\n`);

async function listSchemaFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".schema.json"))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}
