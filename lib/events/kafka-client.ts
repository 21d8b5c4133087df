import { readFileSync } from "node:fs";
import { Kafka, logLevel as levels, type KafkaConfig, type SASLOptions } from "kafkajs";
import { ConfigError, env, kafkaBrokers, type Env } from "../env";

// Every Kafka client of the web app and the worker connects the same way: KAFKA_BROKERS, and in
// production TLS (KAFKA_SSL, KAFKA_SSL_CA_FILE for a private CA) and SASL (KAFKA_SASL_MECHANISM,
// KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD) from the environment.

export function kafkaSecurity(settings: Env = env()): Pick<KafkaConfig, "ssl" | "sasl"> {
  const security: Pick<KafkaConfig, "ssl" | "sasl"> = {};
  if (settings.KAFKA_SSL === "true" || settings.KAFKA_SSL_CA_FILE) {
    security.ssl = settings.KAFKA_SSL_CA_FILE ? { ca: [readCa(settings.KAFKA_SSL_CA_FILE)] } : true;
  }
  if (settings.KAFKA_SASL_MECHANISM) {
    security.sasl = {
      mechanism: settings.KAFKA_SASL_MECHANISM,
      username: settings.KAFKA_SASL_USERNAME!,
      password: settings.KAFKA_SASL_PASSWORD!,
    } as SASLOptions;
  }
  return security;
}

export function kafkaClient(clientId: string, logLevel = levels.ERROR, brokers = kafkaBrokers()): Kafka {
  return new Kafka({ clientId, brokers, logLevel, ...kafkaSecurity() });
}

/**
 * A failure to reach Kafka that a setting explains, in words that name the setting (for the
 * start-up message); null when it is something else.
 */
export function kafkaSettingsProblem(error: unknown, settings: Env = env()): string | null {
  const chain: { name?: string; message?: string; code?: string }[] = [];
  for (let e = error as { cause?: unknown } | undefined; e && chain.length < 5; e = e.cause as typeof e) chain.push(e as (typeof chain)[number]);
  const refused = chain.find((e) => e.name === "KafkaJSSASLAuthenticationError");
  if (refused) {
    return (
      `Kafka refused the SASL sign-in of KAFKA_SASL_USERNAME="${settings.KAFKA_SASL_USERNAME}" with ` +
      `KAFKA_SASL_MECHANISM=${settings.KAFKA_SASL_MECHANISM}: check KAFKA_SASL_PASSWORD, the user name and the mechanism (${refused.message})`
    );
  }
  const certificate = chain.find((e) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code ?? ""));
  if (certificate) {
    const now = settings.KAFKA_SSL_CA_FILE ? `it is ${settings.KAFKA_SSL_CA_FILE}` : "it is not set";
    return `Kafka's TLS certificate is not trusted (${certificate.code}): set KAFKA_SSL_CA_FILE to the PEM file of the CA that signed it (${now})`;
  }
  return null;
}

function readCa(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`KAFKA_SSL_CA_FILE: cannot read ${file} (${(error as Error).message})`);
  }
}
