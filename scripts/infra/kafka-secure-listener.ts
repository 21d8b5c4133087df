// A second listener on the local broker with what a production Kafka asks of its clients: TLS,
// with a certificate from a throwaway CA made by the JDK's keytool, and SASL (PLAIN, SCRAM-SHA-256
// and SCRAM-SHA-512). npm test runs it so that KAFKA_SSL, KAFKA_SSL_CA_FILE and KAFKA_SASL_* are
// tried against a real broker, not only mapped to kafkajs options.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { jdkCommand, run } from "./jdk";
import { SetupError } from "./setup-error";

/** How a client reaches the secure listener (what KAFKA_BROKERS, KAFKA_SSL_CA_FILE and KAFKA_SASL_* would say). */
export interface SecureListener {
  brokers: string[];
  /** The PEM certificate of the CA that signed the broker's certificate. */
  caFile: string;
  username: string;
  password: string;
  mechanisms: ("plain" | "scram-sha-256" | "scram-sha-512")[];
}

export interface SecureListenerSetup {
  listener: SecureListener;
  /** The listener's name, as in `listeners` and `listener.security.protocol.map`. */
  name: "SASL_SSL";
  /** Broker settings for the listener (keystore and SASL). */
  properties: Record<string, string>;
  /** StorageTool `--add-scram` arguments: SCRAM credentials live in the cluster metadata from formatting on. */
  scramCredentials: string[];
}

const CREDENTIALS = "credentials.json";
const VALID_DAYS = "3650";

/** Makes the CA, the broker's keystore and the credentials under `dir` once; later starts reuse them. */
export async function prepareSecureListener(dir: string, host: string, port: number): Promise<SecureListenerSetup> {
  const credentialsPath = path.join(dir, CREDENTIALS);
  if (!existsSync(credentialsPath)) await makeCredentials(dir, host);
  const { username, password, storePassword } = JSON.parse(await readFile(credentialsPath, "utf8")) as {
    username: string;
    password: string;
    storePassword: string;
  };
  const prefix = "listener.name.sasl_ssl";
  return {
    listener: {
      brokers: [`${host}:${port}`],
      caFile: path.join(dir, "ca.pem"),
      username: username,
      password: password,
      mechanisms: ["plain", "scram-sha-256", "scram-sha-512"],
    },
    name: "SASL_SSL",
    properties: {
      [`${prefix}.ssl.keystore.type`]: "PKCS12",
      [`${prefix}.ssl.keystore.location`]: path.join(dir, "broker.p12"),
      [`${prefix}.ssl.keystore.password`]: storePassword,
      [`${prefix}.ssl.key.password`]: storePassword,
      [`${prefix}.sasl.enabled.mechanisms`]: "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
      [`${prefix}.plain.sasl.jaas.config`]: `org.apache.kafka.common.security.plain.PlainLoginModule required user_${username}="${password}";`,
      [`${prefix}.scram-sha-256.sasl.jaas.config`]: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
      [`${prefix}.scram-sha-512.sasl.jaas.config`]: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
    },
    scramCredentials: ["SCRAM-SHA-256", "SCRAM-SHA-512"].flatMap((mechanism) => [
      "--add-scram",
      `${mechanism}=[name=${username},password=${password}]`,
    ]),
  };
}

async function makeCredentials(dir: string, host: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const storePassword = randomBytes(16).toString("hex");
  const file = (name: string) => path.join(dir, name);
  const store = (name: string) => ["-keystore", file(name), "-storetype", "PKCS12", "-storepass", storePassword];
  const steps: string[][] = [
    // A CA of our own, and its certificate in PEM for the clients (KAFKA_SSL_CA_FILE).
    [
      "-genkeypair",
      "-alias",
      "ca",
      "-keyalg",
      "RSA",
      "-keysize",
      "2048",
      "-dname",
      "CN=groupware local Kafka CA",
      "-ext",
      "bc:c",
      "-validity",
      VALID_DAYS,
      "-keypass",
      storePassword,
      ...store("ca.p12"),
    ],
    ["-exportcert", "-alias", "ca", "-rfc", "-file", file("ca.pem"), ...store("ca.p12")],
    // The broker's key, and a certificate for it signed by the CA, valid for the address clients use.
    [
      "-genkeypair",
      "-alias",
      "broker",
      "-keyalg",
      "RSA",
      "-keysize",
      "2048",
      "-dname",
      `CN=${host}`,
      "-validity",
      VALID_DAYS,
      "-keypass",
      storePassword,
      ...store("broker.p12"),
    ],
    ["-certreq", "-alias", "broker", "-file", file("broker.csr"), ...store("broker.p12")],
    [
      "-gencert",
      "-alias",
      "ca",
      "-infile",
      file("broker.csr"),
      "-outfile",
      file("broker.pem"),
      "-rfc",
      "-validity",
      VALID_DAYS,
      "-ext",
      `SAN=ip:${host},dns:localhost`,
      "-ext",
      "EKU=serverAuth",
      ...store("ca.p12"),
    ],
    ["-importcert", "-alias", "ca", "-file", file("ca.pem"), "-noprompt", ...store("broker.p12")],
    ["-importcert", "-alias", "broker", "-file", file("broker.pem"), ...store("broker.p12")],
  ];
  for (const args of steps) {
    const result = await run(jdkCommand("keytool"), args);
    if (!result.ok)
      throw new SetupError(`keytool ${args[0]} failed while making the local Kafka broker's TLS certificate:\n  ${result.output}`);
  }
  const credentials = { username: "groupware", password: randomBytes(16).toString("hex"), storePassword };
  await writeFile(path.join(dir, CREDENTIALS), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}
