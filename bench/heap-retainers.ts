// npx tsx bench/heap-retainers.ts <after.heapsnapshot> <streams> [--min 0.9]
// Where one stream's memory is held: the heap snapshot's dominator tree (what would be freed if an
// object went), summed for every kind of object that occurs about once or more per stream
// (a suspended async function is named after its function). Prints figures, asserts nothing.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    min: { type: "string", default: "0.9" },
    top: { type: "string", default: "40" },
    explain: { type: "string" },
    big: { type: "boolean" },
    tops: { type: "boolean" },
    contexts: { type: "boolean" },
  },
});
const [file, streamsArg] = positionals;
if (!file || !streamsArg) {
  process.stderr.write("usage: tsx bench/heap-retainers.ts <snapshot> <streams>\n");
  process.exit(2);
}
const streams = Number(streamsArg);
const s = JSON.parse(await readFile(file, "utf8")) as Snapshot;
const nf = s.snapshot.meta.node_fields;
const ef = s.snapshot.meta.edge_fields;
const nodeTypes = s.snapshot.meta.node_types[0];
const edgeTypes = s.snapshot.meta.edge_types[0];
const NS = nf.length;
const ES = ef.length;
const count = s.nodes.length / NS;
const [T, N, SZ, EC] = ["type", "name", "self_size", "edge_count"].map((f) => nf.indexOf(f)) as [number, number, number, number];
const [ET, EN, ETO] = ["type", "name_or_index", "to_node"].map((f) => ef.indexOf(f)) as [number, number, number];
const weak = edgeTypes.indexOf("weak");
const shortcut = edgeTypes.indexOf("shortcut");

const firstEdge = new Uint32Array(count + 1);
for (let i = 0, e = 0; i < count; i++) {
  firstEdge[i] = e;
  e += s.nodes[i * NS + EC]! * ES;
  firstEdge[i + 1] = e;
}
const skip = (e: number) => s.edges[e + ET] === weak || s.edges[e + ET] === shortcut;

// Depth-first postorder from the root (node 0), then Cooper–Harvey–Kennedy dominators.
const order = new Int32Array(count).fill(-1); // postorder number
const byOrder = new Uint32Array(count);
let visited = 0;
{
  const stack: number[] = [0];
  const cursor = new Uint32Array(count);
  const seen = new Uint8Array(count);
  seen[0] = 1;
  for (let i = 0; i < count; i++) cursor[i] = firstEdge[i]!;
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    if (cursor[node]! < firstEdge[node + 1]!) {
      const e = cursor[node]!;
      cursor[node] = e + ES;
      if (skip(e)) continue;
      const to = s.edges[e + ETO]! / NS;
      if (!seen[to]) {
        seen[to] = 1;
        stack.push(to);
      }
    } else {
      stack.pop();
      order[node] = visited;
      byOrder[visited++] = node;
    }
  }
}
const preds: number[][] = Array.from({ length: count }, () => []);
for (let i = 0; i < count; i++) {
  if (order[i]! < 0) continue;
  for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += ES) {
    if (skip(e)) continue;
    const to = s.edges[e + ETO]! / NS;
    preds[to]!.push(i);
  }
}
const idom = new Int32Array(count).fill(-1);
idom[0] = 0;
for (let changed = true; changed; ) {
  changed = false;
  for (let k = visited - 2; k >= 0; k--) {
    const node = byOrder[k]!;
    let dom = -1;
    for (const p of preds[node]!) {
      if (idom[p]! < 0) continue;
      if (dom < 0) {
        dom = p;
        continue;
      }
      let a = p;
      let b = dom;
      while (a !== b) {
        while (order[a]! < order[b]!) a = idom[a]!;
        while (order[b]! < order[a]!) b = idom[b]!;
      }
      dom = a;
    }
    if (dom >= 0 && idom[node] !== dom) {
      idom[node] = dom;
      changed = true;
    }
  }
}
const retained = new Float64Array(count);
for (let k = 0; k < visited; k++) {
  const node = byOrder[k]!;
  retained[node] = retained[node]! + s.nodes[node * NS + SZ]!;
  if (node !== 0) retained[idom[node]!] = retained[idom[node]!]! + retained[node]!;
}

const kindOf = (node: number): string => {
  const type = nodeTypes[s.nodes[node * NS + T]!]!;
  const name = s.strings[s.nodes[node * NS + N]!]!;
  if (name === "Generator" || name.startsWith("Generator")) {
    for (let e = firstEdge[node]!; e < firstEdge[node + 1]!; e += ES) {
      if (s.strings[s.edges[e + EN]!] === "function") return `async ${s.strings[s.nodes[(s.edges[e + ETO]! / NS) * NS + N]!]}()`;
    }
  }
  return type === "object" ? name : `(${type}) ${name.slice(0, 40)}`;
};
const byKind = new Map<string, { count: number; retained: number }>();
for (let k = 0; k < visited; k++) {
  const node = byOrder[k]!;
  const kind = kindOf(node);
  const entry = byKind.get(kind) ?? { count: 0, retained: 0 };
  entry.count++;
  entry.retained += retained[node]!;
  byKind.set(kind, entry);
}
const rows = [...byKind]
  .map(([kind, e]) => ({ kind, count: e.count / streams, retained: e.retained / streams }))
  .filter((row) => row.count >= Number(values.min) && row.count < 50)
  .sort((a, b) => b.retained - a.retained);
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`retained per stream by kind (kinds with ${values.min}+ objects per stream; nested kinds counted in their holders too)`);
out("| kind | objects per stream | retained bytes per stream |\n| --- | --- | --- |");
for (const row of rows.slice(0, Number(values.top))) out(`| ${row.kind} | ${row.count.toFixed(1)} | ${Math.round(row.retained)} |`);

// --explain <kind>: one object of that kind, the chain of what holds it (immediate dominators up
// to the root), and what it holds itself, biggest first, two levels down.
const explain = values.explain;
if (explain) {
  const one = byOrder.slice(0, visited).find((node) => kindOf(node) === explain);
  if (one === undefined) out(`no ${explain}`);
  else {
    out(`\nheld by (dominators of one ${explain}):`);
    for (let node = one, depth = 0; node !== 0 && depth < 25; node = idom[node]!, depth++)
      out(`  ${kindOf(node)} ${Math.round(retained[node]!)}`);
    const children = new Map<number, number[]>();
    for (let k = 0; k < visited; k++) {
      const node = byOrder[k]!;
      if (node === 0) continue;
      const list = children.get(idom[node]!) ?? [];
      list.push(node);
      children.set(idom[node]!, list);
    }
    // Down the biggest child all the way (the chain of awaits), with the rest of each level beside it.
    const show = (start: number) => {
      for (let node: number | undefined = start; node !== undefined; ) {
        const list: number[] = (children.get(node) ?? []).sort((a, b) => retained[b]! - retained[a]!);
        const [next, ...rest]: (number | undefined)[] = list;
        const beside = (rest as number[])
          .filter((child) => retained[child]! >= 300)
          .map((child) => `${kindOf(child)} ${Math.round(retained[child]!)}`);
        const own = retained[node]! - (next === undefined ? 0 : retained[next]!);
        if (own >= 300) out(`  ${kindOf(node)} ${Math.round(retained[node]!)} (own ${Math.round(own)}): ${beside.join(", ")}`);
        node = next;
      }
    };
    out(`\nholds (${Math.round(retained[one]!)} bytes):`);
    show(one);
  }
}

// --big: the single objects that hold the most (one holder for many streams shows here).
if (process.argv.includes("--big")) {
  const top = [...byOrder.slice(0, visited)].sort((a, b) => retained[b]! - retained[a]!).slice(0, 40);
  for (const node of top) out(`  ${kindOf(node)} ${Math.round(retained[node]! / 1024)} KiB, idom ${kindOf(idom[node]!)}`);
}

// --tops: objects held from more than one root (their dominator is synthetic), by kind, per stream.
if (process.argv.includes("--tops")) {
  const tops = new Map<string, { count: number; retained: number }>();
  for (let k = 0; k < visited; k++) {
    const node = byOrder[k]!;
    if (node === 0 || nodeTypes[s.nodes[idom[node]! * NS + T]!] !== "synthetic") continue;
    const kind = kindOf(node);
    const entry = tops.get(kind) ?? { count: 0, retained: 0 };
    entry.count++;
    entry.retained += retained[node]!;
    tops.set(kind, entry);
  }
  const list = [...tops].sort((a, b) => b[1].retained - a[1].retained).slice(0, 40);
  for (const [kind, e] of list)
    out(`  ${kind}: ${(e.count / streams).toFixed(2)} per stream, ${Math.round(e.retained / streams)} bytes per stream`);
}

// --contexts: the top-level scopes (held from more than one root) by the variables they hold,
// with the closures that share them: which function's scope each is.
if (process.argv.includes("--contexts")) {
  const closuresOf = new Map<number, string[]>();
  for (let i = 0; i < count; i++) {
    if (nodeTypes[s.nodes[i * NS + T]!] !== "closure") continue;
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += ES) {
      if (s.strings[s.edges[e + EN]!] !== "context") continue;
      const to = s.edges[e + ETO]! / NS;
      const list = closuresOf.get(to) ?? [];
      list.push(s.strings[s.nodes[i * NS + N]!] || "(anonymous)");
      closuresOf.set(to, list);
    }
  }
  const groups = new Map<string, { count: number; retained: number }>();
  for (let k = 0; k < visited; k++) {
    const node = byOrder[k]!;
    if (kindOf(node) !== "system / Context" || nodeTypes[s.nodes[idom[node]! * NS + T]!] !== "synthetic") continue;
    const vars: string[] = [];
    for (let e = firstEdge[node]!; e < firstEdge[node + 1]!; e += ES) {
      if (edgeTypes[s.edges[e + ET]!] === "context") vars.push(s.strings[s.edges[e + EN]!]!);
    }
    const key = `vars [${vars.slice(0, 8).join(", ")}] closures [${[...new Set(closuresOf.get(node) ?? [])].slice(0, 6).join(", ")}]`;
    const entry = groups.get(key) ?? { count: 0, retained: 0 };
    entry.count++;
    entry.retained += retained[node]!;
    groups.set(key, entry);
  }
  for (const [key, e] of [...groups].sort((a, b) => b[1].retained - a[1].retained).slice(0, 25)) {
    out(`  ${(e.count / streams).toFixed(2)}/stream ${Math.round(e.retained / streams)} B/stream: ${key}`);
  }
}
