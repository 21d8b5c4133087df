// npm start: provision what is missing, prepare the database, run the web app and the worker.
import path from "node:path";
import { env as loadEnv } from "../lib/env";
import { runLauncher, say } from "./launcher";
import { buildWebIfStale, prepareDatabase, ROOT, startApp, startInfrastructure, waitForHttp } from "./stack";

await runLauncher(async (onStop) => {
  const env = loadEnv();
  const infra = await startInfrastructure({
    dataDir: path.resolve(ROOT, env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaVersion: env.LOCAL_KAFKA_VERSION,
    postgresPort: env.LOCAL_POSTGRES_PORT,
    kafkaPort: env.LOCAL_KAFKA_PORT,
    kafkaControllerPort: env.LOCAL_KAFKA_CONTROLLER_PORT,
    log: say,
  });
  onStop(() => infra.stop());
  say(`PostgreSQL ready; ${infra.kafkaName} ready at ${infra.kafkaBrokers}`);
  await prepareDatabase({ databaseUrl: infra.databaseUrl, kafkaBrokers: infra.kafkaBrokers, demoPassword: env.DEMO_PASSWORD });
  buildWebIfStale(say);

  // npm start is the demo on one's own machine: its accounts sign in with the published password
  // unless DEMO_PASSWORD (or DEMO) says otherwise; a deployment runs the processes itself.
  const demo = process.env.DEMO ?? "true";
  const app = startApp(
    { DATABASE_URL: infra.databaseUrl, KAFKA_BROKERS: infra.kafkaBrokers, NODE_ENV: "production", DEMO: demo },
    env.PORT,
  );
  onStop(() => app.stop());
  const url = `http://localhost:${env.PORT}`;
  await waitForHttp(`http://127.0.0.1:${env.PORT}/api/health`, app.web, "The web app");
  say(
    [
      "",
      `Groupware notifications is running at ${url}`,
      `  employees: e0001@groupware.test … e0050@groupware.test   admin: admin@groupware.test`,
      `  password:  ${process.env.DEMO_PASSWORD ? "(DEMO_PASSWORD)" : "groupware"}`,
      `  try:       npm run publish-event -- --type approval.requested --data '{"documentId":"DOC-1","documentTitle":"출장 경비 정산","requester":{"id":"E0012","name":"이서준"},"approverIds":["E0003"]}'`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  // Either process ending on its own ends the whole stack, so nothing runs half-started.
  await Promise.race([app.web, app.worker].map((child) => new Promise((resolve) => child.once("exit", resolve))));
  throw new Error("the web app or the worker stopped unexpectedly");
});
