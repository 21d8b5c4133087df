import net from "node:net";
import { SetupError } from "./setup-error";

// Fails with a message naming the port and the service, instead of a cryptic EADDRINUSE later.
export async function assertPortFree(port: number, service: string, hint: string): Promise<void> {
  if (await isPortFree(port)) return;
  throw new SetupError(`Port ${port} on 127.0.0.1 is already in use, so ${service} cannot start there (${hint}).`);
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, "127.0.0.1");
  });
}

/** A port the operating system hands out as free. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
