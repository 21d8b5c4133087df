import { describe, expect, it } from "vitest";
import { ConfigError, oidcSettings, parseEnv, passwordLoginEnabled } from "./env";

const OIDC = { OIDC_ISSUER: "https://login.example.com/tenant", OIDC_CLIENT_ID: "groupware", PUBLIC_URL: "https://notify.example.com" };

describe("parseEnv", () => {
  it("fills the documented defaults", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, DEMO_PASSWORD: "groupware", LOCAL_KAFKA_PORT: 9092, LOCAL_KAFKA_VERSION: "4" });
  });

  it.each([
    [{ PORT: "abc" }, /PORT: must be a port number from 1 to 65535 \(got "abc"\)/],
    [{ PORT: "70000" }, /PORT: must be a port number from 1 to 65535 \(got "70000"\)/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: must be a postgresql:\/\/ URL/],
    [{ KAFKA_BROKERS: "localhost" }, /KAFKA_BROKERS: must be host:port/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL: /],
    [{ RETENTION_DAYS: "0" }, /RETENTION_DAYS: must be a whole number of days from 1 to 36500 \(got "0"\)/],
    [{ RETENTION_DAYS: "1.5" }, /RETENTION_DAYS: must be a whole number of days/],
    [{ RETENTION_DAYS: "forty" }, /RETENTION_DAYS: must be a whole number of days/],
    [{ LOCAL_KAFKA_VERSION: "4.4.0" }, /LOCAL_KAFKA_VERSION: must be "4" \(Kafka 4.x, the default\) or "3.9" \(got "4.4.0"\)/],
    [{ KAFKA_SSL: "yes" }, /KAFKA_SSL: must be "true" or "false"/],
    [{ KAFKA_SASL_MECHANISM: "gssapi" }, /KAFKA_SASL_MECHANISM: /],
    [{ KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "svc" }, /KAFKA_SASL_PASSWORD: must be set when any KAFKA_SASL_\* variable is/],
    [{ KAFKA_SASL_PASSWORD: "secret" }, /KAFKA_SASL_MECHANISM: must be set[\s\S]*KAFKA_SASL_USERNAME: must be set/],
    [{ OIDC_ISSUER: "login.example.com" }, /OIDC_ISSUER: must be an https:\/\/ URL/],
    [{ ...OIDC, OIDC_ISSUER: "http://login.example.com" }, /OIDC_ISSUER: must be an https:\/\/ URL \(http:\/\/ only on localhost/],
    [{ OIDC_CLIENT_ID: "groupware" }, /OIDC_ISSUER: must be set when OIDC_CLIENT_ID is/],
    [{ OIDC_ISSUER: OIDC.OIDC_ISSUER, PUBLIC_URL: OIDC.PUBLIC_URL }, /OIDC_CLIENT_ID: must be set when OIDC_ISSUER is/],
    [{ OIDC_CLIENT_SECRET: "s3cret" }, /OIDC_CLIENT_ID: must be set when OIDC_CLIENT_SECRET is/],
    [{ ...OIDC, OIDC_MATCH_CLAIM: "upn" }, /OIDC_MATCH_CLAIM: must be "email" or "sub" \(got "upn"\)/],
    [{ ...OIDC, PUBLIC_URL: undefined }, /PUBLIC_URL: must be set when OIDC_ISSUER is/],
    [{ ...OIDC, PUBLIC_URL: "https://notify.example.com/app" }, /PUBLIC_URL: must be the http:\/\/ or https:\/\/ address of the site/],
    [{ PASSWORD_LOGIN: "no" }, /PASSWORD_LOGIN: must be "true" or "false"/],
    [{ PASSWORD_LOGIN: "false" }, /PASSWORD_LOGIN: may be "false" only when OIDC_ISSUER and OIDC_CLIENT_ID are set/],
  ])("names the bad variable: %o", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("treats an empty variable as unset", () => {
    const parsed = parseEnv({ PORT: "", KAFKA_BROKERS: "" });
    expect(parsed.PORT).toBe(3000);
    expect(parsed.KAFKA_BROKERS).toBeUndefined();
  });

  it("takes company sign-in as a whole: the redirect addresses come from PUBLIC_URL", () => {
    const parsed = parseEnv({ ...OIDC, PUBLIC_URL: "https://notify.example.com/", PASSWORD_LOGIN: "false" });
    expect(oidcSettings(parsed)).toEqual({
      issuer: new URL(OIDC.OIDC_ISSUER),
      clientId: "groupware",
      clientSecret: undefined,
      matchClaim: "email",
      redirectUri: "https://notify.example.com/api/auth/oidc/callback",
      postLogoutRedirectUri: "https://notify.example.com/login",
    });
    expect(passwordLoginEnabled(parsed)).toBe(false);
    // A provider on this machine may speak plain http (development and tests).
    expect(parseEnv({ ...OIDC, OIDC_ISSUER: "http://127.0.0.1:3210" }).OIDC_ISSUER).toBe("http://127.0.0.1:3210");
  });

  it("leaves company sign-in off and password sign-in on by default", () => {
    expect(oidcSettings(parseEnv({}))).toBeNull();
    expect(passwordLoginEnabled(parseEnv({}))).toBe(true);
  });
});
