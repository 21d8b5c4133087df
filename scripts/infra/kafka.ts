// A local single-node Apache Kafka broker (KRaft: broker and controller in one JVM) for development,
// run straight from the official jars on Maven Central, so neither Docker nor a Kafka install is needed.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { Kafka, logLevel } from "kafkajs";
import { jdkCommand, REPO_ROOT, type RunResult, run } from "./jdk";
import { prepareSecureListener, type SecureListener, type SecureListenerSetup } from "./kafka-secure-listener";
import { isPortFree } from "./ports";
import { SetupError } from "./setup-error";
import { supervise } from "./supervised-child";

/** The Kafka release lines the local broker runs (LOCAL_KAFKA_VERSION); "4" is the default. */
export type KafkaLine = "4" | "3.9";

export interface LocalKafkaOptions {
  version: KafkaLine;
  /** Each line keeps its broker's data in a directory of its own under this one: `<dataDir>/<line>`. */
  dataDir: string;
  port: number;
  controllerPort: number;
  /** Each line's jars go to `<libsDir>/<line>`, fetched once. */
  libsDir: string;
  /** A second listener with TLS and SASL on this port (kafka-secure-listener.ts); npm test uses it. */
  securePort?: number;
  log?: (message: string) => void;
}

export interface LocalKafka {
  brokers: string[];
  /** The exact Kafka version running, e.g. "4.4.0". */
  version: string;
  /** How to reach the TLS and SASL listener, when one was asked for. */
  secure?: SecureListener;
  stop(): Promise<void>;
}

// Each line has its own jars (pom) and logging: Kafka 4 dropped log4j 1 for log4j2, which reads
// another file format and is pointed at it by another system property.
interface LineFiles {
  pom: string;
  loggingFlag: string;
}
const LINES: Record<KafkaLine, LineFiles> = {
  "4": {
    pom: path.join(REPO_ROOT, "infra", "kafka", "4", "pom.xml"),
    loggingFlag: `-Dlog4j2.configurationFile=${pathToFileURL(path.join(REPO_ROOT, "infra", "kafka", "4", "log4j2.xml")).href}`,
  },
  "3.9": {
    pom: path.join(REPO_ROOT, "infra", "kafka", "3.9", "pom.xml"),
    loggingFlag: `-Dlog4j.configuration=${pathToFileURL(path.join(REPO_ROOT, "infra", "kafka", "3.9", "log4j.properties")).href}`,
  },
};
const HOST = "127.0.0.1";
const JARS_MARKER = ".pom-sha256";
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 250;
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 20;
const EXISTING_BROKER_HINT = "Or set KAFKA_BROKERS=host:port to use a Kafka broker you already run.";

export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
  const log = options.log ?? (() => {});
  const line = LINES[options.version];
  // Kept apart per line: a directory formatted by 4.x cannot be run by 3.9, and 3.9's would be upgraded in place by 4.x.
  const dataDir = path.resolve(options.dataDir, options.version);
  const libsDir = path.resolve(options.libsDir, options.version);
  const { port, controllerPort, securePort } = options;

  await requireJava();
  await requireFreePorts({ port, "controller port": controllerPort, ...(securePort ? { "secure listener port": securePort } : {}) });
  await adoptSingleLineLayout(path.resolve(options.dataDir), path.resolve(options.libsDir), log);
  const version = await ensureJars(line.pom, libsDir, log);
  const java = { libsDir, loggingFlag: line.loggingFlag };
  await mkdir(dataDir, { recursive: true });
  const secure = securePort ? await prepareSecureListener(path.join(dataDir, "tls"), HOST, securePort) : undefined;
  const propsPath = await writeServerProperties(
    dataDir,
    port,
    controllerPort,
    secure && securePort ? { ...secure, port: securePort } : undefined,
  );
  await formatStorageOnce(dataDir, java, propsPath, secure?.scramCredentials ?? []);

  const brokers = [`${HOST}:${port}`];
  const broker = spawnBroker(dataDir, java, propsPath);
  try {
    await waitUntilReady(brokers, broker);
  } catch (error) {
    await broker.stop();
    throw error;
  }

  // After start-up nobody watches the broker; without this line a crash only shows up as client timeouts.
  void broker.exited.then((how) => {
    if (!broker.stopping) log(`Kafka broker exited unexpectedly (${how}); see ${broker.logPath}`);
  });
  return { brokers, version, secure: secure?.listener, stop: () => broker.stop() };
}

async function requireJava(): Promise<void> {
  const result = await run(jdkCommand("java"), ["-version"]);
  if (result.ok) return;
  const where = process.env.JAVA_HOME ? ` (JAVA_HOME is ${process.env.JAVA_HOME})` : "";
  throw new SetupError(
    `Java was not found${where}: \`java -version\` failed (${firstLine(result.output)}).\n` +
      "The local Kafka broker needs a Java runtime, 11 or newer (17 recommended). Install one, e.g.\n" +
      "  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless\n" +
      "  macOS:         brew install openjdk@17\n" +
      "  other:         https://adoptium.net\n" +
      EXISTING_BROKER_HINT,
  );
}

async function requireMaven(): Promise<void> {
  const result = await run("mvn", ["-v"]);
  if (result.ok) return;
  throw new SetupError(
    `Maven was not found: \`mvn -v\` failed (${firstLine(result.output)}).\n` +
      "It is needed once, to download the Apache Kafka jars from Maven Central. Install it, e.g.\n" +
      "  Debian/Ubuntu: sudo apt-get install maven\n" +
      "  macOS:         brew install maven\n" +
      "  other:         https://maven.apache.org/download.cgi\n" +
      EXISTING_BROKER_HINT,
  );
}

async function requireFreePorts(ports: Record<string, number>): Promise<void> {
  const entries = Object.entries(ports);
  for (const [name, value] of entries) {
    const other = entries.find(([otherName, otherValue]) => otherName !== name && otherValue === value);
    if (other) throw new SetupError(`The Kafka ${name} and ${other[0]} are both ${value}; they must differ.`);
  }
  for (const [name, value] of entries) {
    if (await isPortFree(value)) continue;
    throw new SetupError(
      `Cannot start the local Kafka broker: ${name} ${value} on ${HOST} is already in use. ` +
        "Another Kafka (perhaps one left over from an earlier run) or another program may be holding it.\n" +
        `Stop it, or set KAFKA_BROKERS=${HOST}:${ports.port} if that is a Kafka broker you want to use.`,
    );
  }
}

// Jars are fetched once per pom content: an unchanged pom reuses them, an edited one (new version) refetches.
// Returns the Kafka version the pom names.
async function ensureJars(pomPath: string, libsDir: string, log: (message: string) => void): Promise<string> {
  const pom = await readFile(pomPath, "utf8");
  const version = kafkaVersion(pom);
  const pomHash = sha256(pom);
  const markerPath = path.join(libsDir, JARS_MARKER);
  if ((await readOptional(markerPath))?.trim() === pomHash) return version;

  await requireMaven();
  log(`fetching Apache Kafka ${version} jars from Maven Central (first run only)…`);
  await mkdir(libsDir, { recursive: true });
  await rm(markerPath, { force: true });
  // The classpath is "<libsDir>/*", so jars of an older version left behind would be loaded as well.
  await removeJars(libsDir);
  const result = await run("mvn", [
    "-q",
    "-B",
    "-f",
    pomPath,
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${libsDir}`,
  ]);
  if (!result.ok) {
    throw new SetupError(
      "Maven could not download the Apache Kafka jars from Maven Central " +
        "(check the network, or a proxy/mirror in ~/.m2/settings.xml).\n" +
        `${tail(result.output)}\n${EXISTING_BROKER_HINT}`,
    );
  }
  await writeFile(markerPath, `${pomHash}\n`);
  return version;
}

// Before there were two lines, the 3.9 broker's data and jars sat right in dataDir and libsDir. Its
// data moves to <dataDir>/3.9 (LOCAL_KAFKA_VERSION=3.9 runs it again); its jars are dropped (3.9
// fetches its own again if asked for). Nothing of it is handed to a 4.x broker.
async function adoptSingleLineLayout(dataDir: string, libsDir: string, log: (message: string) => void): Promise<void> {
  if (existsSync(path.join(dataDir, "logs", "meta.properties")) && !existsSync(path.join(dataDir, "3.9"))) {
    const target = path.join(dataDir, "3.9");
    await mkdir(target);
    for (const name of ["logs", "tls", "server.properties", "kafka.log"]) {
      if (existsSync(path.join(dataDir, name))) await rename(path.join(dataDir, name), path.join(target, name));
    }
    log(`moved the Kafka 3.9 data of earlier runs to ${target} (LOCAL_KAFKA_VERSION=3.9 runs it; 4.x starts empty)`);
  }
  if (existsSync(path.join(libsDir, JARS_MARKER))) {
    await removeJars(libsDir);
    await rm(path.join(libsDir, JARS_MARKER), { force: true });
  }
}

// Rewritten on every start so a changed port takes effect; the data under logs/ is what persists.
async function writeServerProperties(
  dataDir: string,
  port: number,
  controllerPort: number,
  secure?: Pick<SecureListenerSetup, "name" | "properties"> & { port: number },
): Promise<string> {
  const extra = secure ? `,${secure.name}://${HOST}:${secure.port}` : "";
  const settings: Record<string, string | number> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@${HOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}${extra}`,
    "advertised.listeners": `PLAINTEXT://${HOST}:${port}${extra}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${secure ? `,${secure.name}:${secure.name}` : ""}`,
    ...secure?.properties,
    "log.dirs": path.join(dataDir, "logs"),
    // One broker: the internal topics cannot have more replicas than that.
    "offsets.topic.replication.factor": 1,
    // One partition of consumer offsets, so one group coordinator that is loaded for every group once
    // the readiness check's group is answered (waitUntilReady), instead of 50 loading one by one.
    "offsets.topic.num.partitions": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    // Consumers in tests and dev should get partitions at once, not after the default 3 s grace period.
    "group.initial.rebalance.delay.ms": 0,
    "num.partitions": 3,
    // Topics are created on purpose by the project; a typo in a topic name should fail, not make a new topic.
    "auto.create.topics.enable": "false",
    "message.max.bytes": 2 * 1024 * 1024,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${propertiesValue(String(value))}`);
  const propsPath = path.join(dataDir, "server.properties");
  await writeFile(propsPath, `# Written by scripts/infra/kafka.ts on every start; edits are lost.\n${lines.join("\n")}\n`);
  return propsPath;
}

// KRaft refuses to start on unformatted storage, and formatting again would need a matching cluster id.
// Both lines format alike: a static controller.quorum.voters (4.x's --standalone is for a dynamic quorum
// and refuses it), and SCRAM credentials as `--add-scram 'SCRAM-SHA-256=[name=…,password=…]'`.
async function formatStorageOnce(dataDir: string, java: JavaSetup, propsPath: string, formatArgs: string[]): Promise<void> {
  if (existsSync(path.join(dataDir, "logs", "meta.properties"))) return;
  const uuidRun = await runKafkaTool(java, ["random-uuid"]);
  const clusterId = uuidRun.output.split(/\s+/).find((word) => /^[A-Za-z0-9_-]{22}$/.test(word));
  if (!clusterId) throw new SetupError(`Kafka StorageTool random-uuid printed no cluster id:\n${tail(uuidRun.output)}`);
  await runKafkaTool(java, ["format", "-t", clusterId, "-c", propsPath, ...formatArgs]);
}

async function runKafkaTool(java: JavaSetup, args: string[]): Promise<RunResult> {
  const result = await run(jdkCommand("java"), [...jvmArgs(java), "kafka.tools.StorageTool", ...args]);
  if (!result.ok) {
    throw new SetupError(`Kafka StorageTool ${args[0]} failed:\n${tail(result.output)}`);
  }
  return result;
}

// The heap of a small broker, and the collector settings of Kafka's own kafka-run-class.sh
// (KAFKA_JVM_PERFORMANCE_OPTS): G1 aiming at 20 ms pauses rather than the JVM's default 200 ms.
const BROKER_JVM_OPTIONS = [
  "-Xms512m",
  "-Xmx512m",
  "-server",
  "-XX:+UseG1GC",
  "-XX:MaxGCPauseMillis=20",
  "-XX:InitiatingHeapOccupancyPercent=35",
  "-XX:+ExplicitGCInvokesConcurrent",
  "-Djava.awt.headless=true",
];

interface BrokerProcess {
  logPath: string;
  /** Resolves with how the process ended, e.g. "exit code 1". */
  exited: Promise<string>;
  readonly hasExited: boolean;
  readonly stopping: boolean;
  stop(): Promise<void>;
}

function spawnBroker(dataDir: string, java: JavaSetup, propsPath: string): BrokerProcess {
  const logPath = path.join(dataDir, "kafka.log");
  // The broker writes to the file itself, so its output neither reaches the terminal nor depends on our event loop.
  const logFd = openSync(logPath, "w");
  const child = spawn(jdkCommand("java"), [...BROKER_JVM_OPTIONS, ...jvmArgs(java), "kafka.Kafka", propsPath], {
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);

  const broker = supervise(child, { stop: "SIGTERM", insist: "SIGKILL", onParentExit: "SIGKILL" }, STOP_TIMEOUT_MS);
  let stopping = false;
  return {
    logPath,
    exited: broker.exited,
    get hasExited() {
      return broker.hasExited;
    },
    get stopping() {
      return stopping;
    },
    stop() {
      stopping = true;
      return broker.stop();
    },
  };
}

// Readiness means the broker answers a metadata request and its group coordinator answers for a
// group, not that some time has passed. Without the second, kafkajs 2.2.4's first join on a fresh
// 4.x broker crashed the consumer about every other time ("The coordinator is loading and hence
// can't process requests for this group": its join gives up on that retriable answer), and the
// consumer restarted 300 ms later; 3.9's coordinator did not answer so early.
async function waitUntilReady(brokers: string[], broker: BrokerProcess): Promise<void> {
  const kafka = new Kafka({
    clientId: "local-kafka-readiness",
    brokers,
    // Every refused connection before the broker is up would otherwise be logged as an error.
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (broker.hasExited) {
      throw new SetupError(
        `The local Kafka broker exited during start-up (${await broker.exited}). ` +
          `Last lines of ${broker.logPath}:\n${tail(await readOptional(broker.logPath))}`,
      );
    }
    if (await answers(kafka)) return;
    await Promise.race([sleep(READY_POLL_MS), broker.exited]);
  }
  throw new SetupError(
    `The local Kafka broker did not answer on ${brokers.join(",")} within ${READY_TIMEOUT_MS / 1000} s. ` +
      `Last lines of ${broker.logPath}:\n${tail(await readOptional(broker.logPath))}`,
  );
}

async function answers(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return false;
    // Also makes __consumer_offsets on a new broker; throws while its coordinator is not loaded.
    await admin.describeGroups(["local-kafka-readiness"]);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// ---- helpers ----

/** One line's jars and how its logging is configured. */
interface JavaSetup {
  libsDir: string;
  loggingFlag: string;
}

function jvmArgs({ libsDir, loggingFlag }: JavaSetup): string[] {
  // "<dir>/*" is expanded by the JVM itself, no shell involved.
  return ["-cp", path.join(libsDir, "*"), loggingFlag];
}

async function removeJars(dir: string): Promise<void> {
  const names = await readdir(dir);
  await Promise.all(names.filter((name) => name.endsWith(".jar")).map((name) => rm(path.join(dir, name))));
}

async function readOptional(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

function kafkaVersion(pom: string): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
  if (!version) throw new Error("the Kafka pom names no <kafka.version>");
  return version;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

// Java .properties treats a backslash as an escape, which would mangle Windows paths.
function propertiesValue(value: string): string {
  return value.replaceAll("\\", "\\\\");
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

function tail(text: string | undefined, lines = LOG_TAIL_LINES): string {
  const kept = (text ?? "")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(-lines);
  return kept.length > 0 ? kept.map((line) => `  ${line}`).join("\n") : "  (no output)";
}
