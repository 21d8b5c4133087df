import { readFileSync } from "node:fs";
import { Kafka, type KafkaConfig, logLevel as levels, type SASLOptions } from "kafkajs";
import { ConfigError, type Env, env, kafkaBrokers } from "../env";
import { kafkaLogCreator } from "./kafka-log";

// Every Kafka client of the web app and the worker connects the same way: KAFKA_BROKERS, and in
// production TLS (KAFKA_SSL, KAFKA_SSL_CA_FILE for a private CA) and SASL (KAFKA_SASL_MECHANISM,
// KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD) from the environment.

export function kafkaSecurity(settings: Env = env()): Pick<KafkaConfig, "ssl" | "sasl"> {
  const security: Pick<KafkaConfig, "ssl" | "sasl"> = {};
  if (settings.KAFKA_SSL === "true" || settings.KAFKA_SSL_CA_FILE) {
    security.ssl = settings.KAFKA_SSL_CA_FILE ? { ca: [readCa(settings.KAFKA_SSL_CA_FILE)] } : true;
  }
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = settings;
  if (mechanism) {
    // parseEnv has refused a mechanism without its user and password already.
    if (!username || !password) throw new ConfigError("KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
    security.sasl = { mechanism, username, password } as SASLOptions;
  }
  return security;
}

export function kafkaClient(clientId: string, logLevel = levels.ERROR, brokers = kafkaBrokers()): Kafka {
  return new Kafka({ clientId, brokers, logLevel, logCreator: kafkaLogCreator(), ...kafkaSecurity() });
}

/**
 * A failure to reach Kafka that a setting explains, in words that name the setting (for the
 * start-up message); null when it is something else.
 */
export function kafkaSettingsProblem(error: unknown, settings: Env = env()): string | null {
  const chain = causes(error);
  const refused = chain.find((e) => e.name === "KafkaJSSASLAuthenticationError");
  if (refused) {
    return (
      `Kafka refused the SASL sign-in of KAFKA_SASL_USERNAME="${settings.KAFKA_SASL_USERNAME}" with ` +
      `KAFKA_SASL_MECHANISM=${settings.KAFKA_SASL_MECHANISM}: check KAFKA_SASL_PASSWORD, the user name and the mechanism (${refused.message})`
    );
  }
  for (const { code } of chain) {
    const problem = code === undefined ? undefined : TLS_PROBLEMS[code];
    if (problem) return `Kafka's TLS certificate is not accepted (${code}): ${problem(settings)}`;
  }
  return null;
}

// Node's codes for a broker certificate it would not accept, and what to tell the operator.
const untrusted = (settings: Env) =>
  `set KAFKA_SSL_CA_FILE to the PEM file of the CA that signed it (${settings.KAFKA_SSL_CA_FILE ? `it is ${settings.KAFKA_SSL_CA_FILE}` : "it is not set"})`;
const TLS_PROBLEMS: Record<string, (settings: Env) => string> = {
  SELF_SIGNED_CERT_IN_CHAIN: untrusted,
  DEPTH_ZERO_SELF_SIGNED_CERT: untrusted,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: untrusted,
  UNABLE_TO_GET_ISSUER_CERT: untrusted,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: untrusted,
  ERR_TLS_CERT_ALTNAME_INVALID: (settings) =>
    `it does not name the host it was reached at; KAFKA_BROKERS (${settings.KAFKA_BROKERS}) must use a name the certificate lists`,
  CERT_HAS_EXPIRED: () => "it has expired; the broker needs a new one",
};

/** An error and its causes, outermost first (kafkajs wraps the socket's error in its own). */
function causes(error: unknown): { name?: string; message?: string; code?: string }[] {
  const chain: { name?: string; message?: string; code?: string; cause?: unknown }[] = [];
  for (let e = error as (typeof chain)[number] | undefined; e && chain.length < 5; e = e.cause as (typeof chain)[number] | undefined)
    chain.push(e);
  return chain;
}

function readCa(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`KAFKA_SSL_CA_FILE: cannot read ${file} (${(error as Error).message})`);
  }
}
