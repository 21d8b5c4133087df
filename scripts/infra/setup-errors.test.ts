import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, symlink } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startLocalKafka } from "./kafka";
import { startLocalPostgres } from "./postgres";
import { SetupError } from "./setup-error";

// What a person sees when the machine lacks something: one SetupError that says what and how to
// fix it (the launcher prints its message without a stack trace).
describe("local infrastructure set-up errors", () => {
  const saved = { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME };
  let scratch: string;
  let blocker: net.Server;
  let busyPort: number;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "setup-errors-"));
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    busyPort = (blocker.address() as net.AddressInfo).port;
  });

  afterEach(async () => {
    process.env.PATH = saved.PATH;
    if (saved.JAVA_HOME === undefined) delete process.env.JAVA_HOME;
    else process.env.JAVA_HOME = saved.JAVA_HOME;
    await new Promise((resolve) => blocker.close(resolve));
  });

  const kafkaOptions = (overrides: Partial<Parameters<typeof startLocalKafka>[0]> = {}) => ({
    version: "4" as const,
    dataDir: path.join(scratch, "kafka"),
    libsDir: path.join(scratch, "libs"),
    port: busyPort + 1,
    controllerPort: busyPort + 2,
    ...overrides,
  });

  it("names a busy Kafka port and suggests KAFKA_BROKERS", async () => {
    const failure = startLocalKafka(kafkaOptions({ port: busyPort }));
    await expect(failure).rejects.toThrow(SetupError);
    await expect(failure).rejects.toThrow(new RegExp(`port ${busyPort} on 127.0.0.1 is already in use[\\s\\S]*KAFKA_BROKERS`));
  });

  it("says Java is missing and how to install it", async () => {
    process.env.PATH = scratch;
    delete process.env.JAVA_HOME;
    await expect(startLocalKafka(kafkaOptions())).rejects.toThrow(/Java was not found[\s\S]*apt-get install openjdk/);
  });

  it("says Maven is missing when the Kafka jars still have to be fetched", async () => {
    const java = await realpath(execFileSync("sh", ["-c", "command -v java"], { encoding: "utf8" }).trim());
    const bin = path.join(scratch, "bin");
    await mkdir(bin);
    await symlink(java, path.join(bin, "java"));
    process.env.PATH = bin;
    delete process.env.JAVA_HOME;
    await expect(startLocalKafka(kafkaOptions())).rejects.toThrow(/Maven was not found[\s\S]*apt-get install maven/);
  });

  it("names a busy PostgreSQL port and suggests DATABASE_URL", async () => {
    const failure = startLocalPostgres({ dataDir: path.join(scratch, "pg"), port: busyPort, database: "x" });
    await expect(failure).rejects.toThrow(SetupError);
    await expect(failure).rejects.toThrow(new RegExp(`Port ${busyPort} on 127.0.0.1 is already in use.*DATABASE_URL`));
  });
});
