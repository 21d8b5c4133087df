import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../env";
import { kafkaSecurity } from "./kafka-client";

describe("kafkaSecurity", () => {
  it("connects in plain text by default, as the local broker expects", () => {
    expect(kafkaSecurity(parseEnv({}))).toEqual({});
  });

  it("turns on TLS and SASL from the environment", () => {
    const settings = parseEnv({
      KAFKA_SSL: "true",
      KAFKA_SASL_MECHANISM: "scram-sha-512",
      KAFKA_SASL_USERNAME: "svc",
      KAFKA_SASL_PASSWORD: "secret",
    });
    expect(kafkaSecurity(settings)).toEqual({ ssl: true, sasl: { mechanism: "scram-sha-512", username: "svc", password: "secret" } });
  });

  it("trusts a private certificate authority from KAFKA_SSL_CA_FILE, and names the variable when the file cannot be read", () => {
    const file = path.join(tmpdir(), `kafka-ca-${process.pid}.pem`);
    writeFileSync(file, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    expect(kafkaSecurity(parseEnv({ KAFKA_SSL_CA_FILE: file }))).toEqual({ ssl: { ca: [expect.stringContaining("BEGIN CERTIFICATE")] } });
    const missing = () => kafkaSecurity(parseEnv({ KAFKA_SSL_CA_FILE: "/nonexistent/ca.pem" }));
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow(/^KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca\.pem/);
  });
});
