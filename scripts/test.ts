// npm test: lint and types first (they fail in seconds), then every test against a Kafka and a
// PostgreSQL of its own (fresh for each run, on ports that do not collide with a running
// `npm start`): Vitest (unit + integration), then Playwright in Chromium against the built web app
// and the worker.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { env as loadEnv } from "../lib/env";
import { startOidcProviderProcess, webAppEnv } from "../test/oidc-provider";
import { SetupError } from "./infra/setup-error";
import { runLauncher, say } from "./launcher";
import { buildWebIfStale, prepareDatabase, ROOT, run, startApp, startInfrastructure, waitForHttp } from "./stack";

export const TEST_PORTS = { postgres: 54339, kafka: 19092, kafkaController: 19093, kafkaSecure: 19094, web: 3100, worker: 3101 };
/** The OpenID provider that company sign-in goes through (test/oidc-provider.ts). */
const TEST_OIDC_PORT = 3104;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// `npm test -- <files>` runs only those (Vitest files, and e2e/ specs in Playwright) against the
// same fresh stack: for working on one part. Without arguments, everything.
const only = process.argv.slice(2);
const onlyE2e = only.filter((file) => file.startsWith("e2e/"));
const onlyVitest = only.filter((file) => !file.startsWith("e2e/"));

await runLauncher(async (onStop) => {
  if (!existsSync(CHROMIUM)) {
    throw new SetupError(`Chromium was not found at ${CHROMIUM}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  say("▶ biome (format and lint)");
  if (run("npx", ["biome", "check", "."], {}) !== 0)
    throw new SetupError("`npm run lint` found problems (see above; `npm run format` fixes most).");
  say("▶ tsc --noEmit (every folder: app, lib, workers, scripts, bench, tests)");
  if (run("npx", ["tsc", "--noEmit"], {}) !== 0) throw new SetupError("`tsc --noEmit` found type errors (see above).");
  const dataDir = path.join(ROOT, ".data", "test");
  const reports = path.join(dataDir, "reports");
  await rm(dataDir, { recursive: true, force: true });
  const infra = await startInfrastructure({
    dataDir,
    databaseUrl: process.env.TEST_DATABASE_URL,
    kafkaBrokers: process.env.TEST_KAFKA_BROKERS,
    // 4.x unless LOCAL_KAFKA_VERSION=3.9 asks for the whole suite on the other line.
    kafkaVersion: loadEnv().LOCAL_KAFKA_VERSION,
    postgresPort: TEST_PORTS.postgres,
    kafkaPort: TEST_PORTS.kafka,
    kafkaControllerPort: TEST_PORTS.kafkaController,
    kafkaSecurePort: TEST_PORTS.kafkaSecure,
    log: say,
  });
  onStop(() => infra.stop());
  say(`${infra.kafkaName} at ${infra.kafkaBrokers}`);
  await prepareDatabase({ databaseUrl: infra.databaseUrl, kafkaBrokers: infra.kafkaBrokers, demoPassword: "groupware" });
  const env = {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    DEMO_PASSWORD: "groupware",
    LOG_LEVEL: "warn",
    WORKER_PORT: String(TEST_PORTS.worker),
    // How to reach the broker's TLS and SASL listener (kafka-secure-listener.ts); absent with TEST_KAFKA_BROKERS.
    TEST_KAFKA_SECURE: infra.kafkaSecure ? JSON.stringify(infra.kafkaSecure) : "",
  };

  // Built first: some integration tests run the web app as real processes (server.ts).
  buildWebIfStale(say);
  const vitest = only.length === 0 || onlyVitest.length > 0;
  if (vitest) {
    say("\n▶ vitest (unit and integration)");
    run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${reports}/vitest.json`, ...onlyVitest], env);
  }
  const playwright = only.length === 0 || onlyE2e.length > 0;
  if (!playwright) {
    const unit = await vitestCounts(`${reports}/vitest.json`);
    say(`\nvitest ${unit.passed} passed, ${unit.failed} failed`);
    return unit.failed === 0 && unit.passed > 0 ? 0 : 1;
  }

  // Company sign-in for the end-to-end specs, through a real OpenID provider (test/oidc-provider.ts).
  const webUrl = `http://127.0.0.1:${TEST_PORTS.web}`;
  const oidc = await startOidcProviderProcess({ port: TEST_OIDC_PORT, appUrls: [webUrl] });
  onStop(() => oidc.stop());
  const app = startApp({ ...env, ...webAppEnv(oidc.issuer, webUrl), NODE_ENV: "production" }, TEST_PORTS.web);
  onStop(() => app.stop());
  await waitForHttp(`http://127.0.0.1:${TEST_PORTS.web}/api/health`, app.web, "The web app");
  await waitForHttp(`http://127.0.0.1:${TEST_PORTS.worker}/`, app.worker, "The worker");

  say("\n▶ playwright (end-to-end in Chromium)");
  run("npx", ["playwright", "test", ...onlyE2e], {
    ...env,
    BASE_URL: `http://127.0.0.1:${TEST_PORTS.web}`,
    CHROMIUM_PATH: CHROMIUM,
    PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json`,
  });

  const unit = vitest ? await vitestCounts(`${reports}/vitest.json`) : { passed: 0, failed: 0 };
  const e2e = await playwrightCounts(`${reports}/playwright.json`);
  const passed = unit.passed + e2e.passed;
  const failed = unit.failed + e2e.failed;
  say(`\nvitest ${unit.passed} passed, ${unit.failed} failed; playwright ${e2e.passed} passed, ${e2e.failed} failed`);
  say(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
});

// A runner that crashed before writing its report counts as one failure, never as a pass.
async function vitestCounts(file: string): Promise<{ passed: number; failed: number }> {
  const report = await readJson<{ numPassedTests: number; numFailedTests: number; success: boolean }>(file);
  if (!report) return { passed: 0, failed: 1 };
  return { passed: report.numPassedTests, failed: report.numFailedTests || (report.success ? 0 : 1) };
}

async function playwrightCounts(file: string): Promise<{ passed: number; failed: number }> {
  const report = await readJson<{ stats: { expected: number; unexpected: number; flaky: number }; errors: unknown[] }>(file);
  if (!report) return { passed: 0, failed: 1 };
  const { expected, unexpected, flaky } = report.stats;
  return { passed: expected + flaky, failed: unexpected + (report.errors.length > 0 && unexpected === 0 ? 1 : 0) };
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return null;
  }
}
