import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENV_VARIABLES, parseEnv, publishedDemoPasswordProblem } from "./lib/env";
import { MAX_EVENT_BYTES } from "./lib/events/cloud-event";

// There is no Docker engine on the machines that run the tests, so the compose file is checked
// against the app's own configuration instead of being run.
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  deploy?: { replicas?: number };
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

// As `docker compose up` reads it with nothing set in the shell: ${NAME:-default} becomes default.
const text = readFileSync(new URL("./docker-compose.yml", import.meta.url), "utf8").replace(/\$\{\w+:-([^}]*)\}/g, "$1");
const compose = parse(text) as {
  services: Record<string, Service>;
};
const { kafka, postgres, web, worker, migrate, nginx } = compose.services;
const packageScripts = (
  JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

const localKafkaVersion = (line: string) =>
  /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(
    readFileSync(path.join(import.meta.dirname, "infra", "kafka", line, "pom.xml"), "utf8"),
  )?.[1];

describe("docker-compose.yml", () => {
  it("runs the official image of the Kafka release the local broker runs by default", () => {
    expect(parseEnv({}).LOCAL_KAFKA_VERSION).toBe("4");
    expect(localKafkaVersion("4")).toMatch(/^4\.\d+\.\d+$/);
    expect(kafka?.image).toBe(`apache/kafka:${localKafkaVersion("4")}`);
  });

  it("runs Kafka in KRaft mode with the settings of the local broker", () => {
    const env = kafka!.environment!;
    expect(env.KAFKA_PROCESS_ROLES).toBe("broker,controller");
    expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe("1");
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe("false");
    expect(Number(env.KAFKA_MESSAGE_MAX_BYTES)).toBeGreaterThan(MAX_EVENT_BYTES * 4);
    expect(kafka!.ports).toContain(`127.0.0.1:${parseEnv({}).LOCAL_KAFKA_PORT}:9092`);
    expect(env.KAFKA_ADVERTISED_LISTENERS).toContain(`EXTERNAL://localhost:${parseEnv({}).LOCAL_KAFKA_PORT}`);
  });

  it("publishes Kafka and PostgreSQL on the host's loopback only, nginx for everyone, and the web processes not at all", () => {
    for (const service of [kafka, postgres]) for (const port of service!.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    expect(nginx!.ports!.every((port) => !port.startsWith("127.0.0.1:"))).toBe(true);
    // Past nginx, X-Forwarded-For would be the caller's own claim: the only way in is through it.
    expect(web!.ports).toBeUndefined();
  });

  it("refuses the demo accounts' published password unless DEMO=true or a DEMO_PASSWORD of one's own is given", () => {
    // The image runs with NODE_ENV=production (Dockerfile).
    const environment = { ...migrate!.environment!, NODE_ENV: "production" };
    expect(publishedDemoPasswordProblem(environment, parseEnv(environment))).toMatch(
      /^DEMO_PASSWORD: .* set DEMO_PASSWORD .* or DEMO=true/i,
    );
    const demo = { ...environment, DEMO: "true" };
    expect(publishedDemoPasswordProblem(demo, parseEnv(demo))).toBeNull();
    const own = { ...environment, DEMO_PASSWORD: "a-password-of-ours" };
    expect(publishedDemoPasswordProblem(own, parseEnv(own))).toBeNull();
  });

  it("runs PostgreSQL with the credentials the app services use", () => {
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = postgres!.environment!;
    for (const service of [web, worker, migrate]) {
      const url = new URL(service!.environment!.DATABASE_URL!);
      expect(url.hostname).toBe("postgres");
      expect([url.username, url.password, url.pathname]).toEqual([POSTGRES_USER, POSTGRES_PASSWORD, `/${POSTGRES_DB}`]);
    }
  });

  it.each([
    ["web", web],
    ["worker", worker],
    ["migrate", migrate],
  ])("gives %s only variables the app knows, each valid", (_, service) => {
    const environment = service!.environment!;
    for (const name of Object.keys(environment)) expect(ENV_VARIABLES).toContain(name);
    expect(() => parseEnv(environment)).not.toThrow();
  });

  it("points the app at Kafka's in-network listener", () => {
    const internal = kafka!.environment!.KAFKA_ADVERTISED_LISTENERS!.match(/INTERNAL:\/\/([^,]+)/)![1];
    expect(web!.environment!.KAFKA_BROKERS).toBe(internal);
    expect(worker!.environment!.KAFKA_BROKERS).toBe(internal);
  });

  it("runs two web processes and two workers, the workers in one consumer group", () => {
    expect(web!.deploy?.replicas).toBe(2);
    expect(worker!.deploy?.replicas).toBe(2);
    // Every replica gets the same group id (none set: the default), so the partitions are shared out.
    expect(worker!.environment!.KAFKA_GROUP_ID).toBeUndefined();
    expect(parseEnv(worker!.environment!).KAFKA_GROUP_ID).toBe(parseEnv({}).KAFKA_GROUP_ID);
  });

  it("puts the official nginx image in front, on the template of infra/nginx/, once the web processes are healthy", () => {
    expect(nginx?.image).toMatch(/^nginx:\d+\.\d+/);
    // The image fills in /etc/nginx/templates/*.template and writes the site over its default.conf.
    expect(nginx!.volumes).toContain("./infra/nginx/groupware.conf.template:/etc/nginx/templates/default.conf.template:ro");
    const template = readFileSync(new URL("./infra/nginx/groupware.conf.template", import.meta.url), "utf8");
    const names = [...new Set([...template.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]))];
    expect(Object.keys(nginx!.environment!).toSorted()).toEqual(names.toSorted());
    expect(nginx!.environment!.GROUPWARE_WEB_SERVERS).toBe(`server web:${parseEnv(web!.environment!).PORT};`);
    const [published, inside] = nginx!.ports![0]!.split(":");
    expect([published, inside]).toEqual(["3000", nginx!.environment!.GROUPWARE_LISTEN]);
    expect(nginx!.depends_on!.web!.condition).toBe("service_healthy");
    expect(web!.healthcheck!.test.join(" ")).toContain(`http://127.0.0.1:${parseEnv(web!.environment!).PORT}/api/health`);
  });

  it("has the web processes trust exactly the one proxy in front", () => {
    expect(parseEnv(web!.environment!).TRUST_PROXY_HOPS).toBe(1);
  });

  it("builds the app image from the Dockerfile and runs npm scripts that exist, after migrating", () => {
    expect(existsSync(new URL("./Dockerfile", import.meta.url))).toBe(true);
    for (const service of [web, worker, migrate]) {
      expect(service!.build).toBe(".");
      const scripts = service!.command!.join(" ").match(/npm run ([\w:-]+)/g)!;
      for (const script of scripts) expect(packageScripts).toHaveProperty(script.replace("npm run ", ""));
    }
    expect(web!.depends_on!.migrate!.condition).toBe("service_completed_successfully");
    expect(worker!.depends_on!.migrate!.condition).toBe("service_completed_successfully");
  });
});
