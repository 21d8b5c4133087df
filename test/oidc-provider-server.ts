// The test OpenID provider as a process of its own (npm test starts it; see startOidcProviderProcess):
//   node --import tsx test/oidc-provider-server.ts --port 3104 --app-url http://127.0.0.1:3100
import { parseArgs } from "node:util";
import { startTestOidcProvider } from "./oidc-provider";

const { values } = parseArgs({ options: { port: { type: "string" }, "app-url": { type: "string", multiple: true } } });
const provider = await startTestOidcProvider({ port: Number(values.port), appUrls: values["app-url"] ?? [] });
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void provider.stop().then(() => process.exit(0)));
}
