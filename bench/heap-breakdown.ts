// npx tsx bench/heap-breakdown.ts <before.heapsnapshot> <after.heapsnapshot> <streams> [--top 30]
// What the streams opened between two heap snapshots of one process hold: the growth of the V8
// heap's objects by kind (constructor name for objects and closures, the node type otherwise),
// per stream, largest first. Written for bench:sse --snapshot; prints figures, asserts nothing.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "30" } } });
const [beforePath, afterPath, streamsArg] = positionals;
if (!beforePath || !afterPath || !streamsArg) {
  process.stderr.write("usage: tsx bench/heap-breakdown.ts <before.heapsnapshot> <after.heapsnapshot> <streams>\n");
  process.exit(2);
}
const streams = Number(streamsArg);
const before = await kinds(beforePath);
const after = await kinds(afterPath);
const rows = [...after].map(([kind, { count, bytes }]) => {
  const was = before.get(kind) ?? { count: 0, bytes: 0 };
  return { kind, count: (count - was.count) / streams, bytes: (bytes - was.bytes) / streams };
});
rows.sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`V8 heap growth per stream over ${streams} streams: ${(total / 1024).toFixed(1)} KiB (objects' own sizes)`);
out("| kind | objects per stream | bytes per stream |\n| --- | --- | --- |");
for (const row of rows.slice(0, Number(values.top))) out(`| ${row.kind} | ${row.count.toFixed(1)} | ${Math.round(row.bytes)} |`);

async function kinds(file: string): Promise<Map<string, { count: number; bytes: number }>> {
  const snapshot = JSON.parse(await readFile(file, "utf8")) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const stride = fields.length;
  const [typeAt, nameAt, sizeAt] = [fields.indexOf("type"), fields.indexOf("name"), fields.indexOf("self_size")];
  const byKind = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += stride) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const name = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    const kind = type === "object" || type === "closure" ? `${name}${type === "closure" ? " (closure)" : ""}` : `(${type})`;
    const entry = byKind.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    byKind.set(kind, entry);
  }
  return byKind;
}
