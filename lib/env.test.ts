import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("fills the documented defaults", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, DEMO_PASSWORD: "groupware", LOCAL_KAFKA_PORT: 9092 });
  });

  it.each([
    [{ PORT: "abc" }, /PORT: must be a port number from 1 to 65535 \(got "abc"\)/],
    [{ PORT: "70000" }, /PORT: must be a port number from 1 to 65535 \(got "70000"\)/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: must be a postgresql:\/\/ URL/],
    [{ KAFKA_BROKERS: "localhost" }, /KAFKA_BROKERS: must be host:port/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL: /],
    [{ KAFKA_SSL: "yes" }, /KAFKA_SSL: must be "true" or "false"/],
    [{ KAFKA_SASL_MECHANISM: "gssapi" }, /KAFKA_SASL_MECHANISM: /],
    [{ KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "svc" }, /KAFKA_SASL_PASSWORD: must be set when any KAFKA_SASL_\* variable is/],
    [{ KAFKA_SASL_PASSWORD: "secret" }, /KAFKA_SASL_MECHANISM: must be set[\s\S]*KAFKA_SASL_USERNAME: must be set/],
  ])("names the bad variable: %o", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("treats an empty variable as unset", () => {
    const parsed = parseEnv({ PORT: "", KAFKA_BROKERS: "" });
    expect(parsed.PORT).toBe(3000);
    expect(parsed.KAFKA_BROKERS).toBeUndefined();
  });
});
