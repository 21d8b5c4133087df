// The entry of `npm start` and `npm test` (plain JavaScript: it runs before dependencies exist).
// Installs dependencies when they are missing or older than package-lock.json, then hands over to
// the TypeScript launcher (scripts/start.ts or scripts/test.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const command = process.argv[2];
if (command !== "start" && command !== "test") fail("usage: node scripts/run.mjs start|test");

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js 20.19 or newer is needed (this is ${process.version}).`);

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

const child = spawn(process.execPath, ["--import", "tsx", `scripts/${command}.ts`, ...process.argv.slice(3)], {
  cwd: root,
  stdio: "inherit",
});
// Ctrl-C reaches the whole process group; the launcher cleans up, and this process waits for it.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function fail(message) {
  console.error(`✖ ${message}`);
  process.exit(1);
}
