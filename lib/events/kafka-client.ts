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

function readCa(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`KAFKA_SSL_CA_FILE: cannot read ${file} (${(error as Error).message})`);
  }
}
