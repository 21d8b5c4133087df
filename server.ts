// The web app's process: Next's request handler behind an HTTP server of our own, for one thing
// `next start` cannot do. Next keeps an X-Forwarded-For that the caller sent (it fills the header in
// only when it is absent), so anyone could claim any address and slip past the sign-in limit per
// address. Here the header is set to the caller's address (lib/http/client-address.ts), and the
// other X-Forwarded-* headers are believed only when TRUST_PROXY_HOPS says a proxy sets them.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { env } from "./lib/env";
import { clientAddressOf } from "./lib/http/client-address";
import { isHttps } from "./lib/http/host-cookie";
import { logger } from "./lib/log";

/** Two years, this host and its subdomains: the value browsers' preload lists ask for. */
const HSTS = "max-age=63072000; includeSubDomains";
/** How long requests in flight (live streams among them) get to finish after SIGTERM. */
const STOP_GRACE_MS = 3_000;
/** Between checks for responses whose socket has taken nothing (two checks in a row close one). */
const STALL_CHECK_MS = 5_000;
/**
 * How long an idle connection is kept for its next request. Longer than a proxy keeps its idle
 * connections to us (nginx: 60 s) and than clients that reuse theirs, so this process is never the
 * one that closes a connection just as the other side sends on it (Node's 5 s: a reset, and for a
 * POST through nginx a 502, since nginx does not send a POST twice).
 */
const KEEP_ALIVE_MS = 65_000;

const settings = env(); // a bad variable stops the process here, with a message naming it
const log = logger("server");
const { values } = parseArgs({ options: { hostname: { type: "string", short: "H" } } });
const hostname = values.hostname;
const port = settings.PORT;

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const watchForStall = stalledResponseCloser();
const server = createServer((request, response) => {
  forwardedFromTrustedProxies(request, settings.TRUST_PROXY_HOPS);
  watchForStall(response);
  // Served over https (a trusted proxy says so): browsers are told to come back over https only.
  if (isHttps({ headers: new Headers({ "x-forwarded-proto": String(request.headers["x-forwarded-proto"] ?? "") }) })) {
    response.setHeader("Strict-Transport-Security", HSTS);
  }
  void handle(request, response);
});
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.listen(port, hostname, () =>
  log.info({ port, hostname: hostname ?? "all interfaces", trustProxyHops: settings.TRUST_PROXY_HOPS }, "listening"),
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // No new connections; idle ones close now, and live streams are cut after the grace period
    // (browsers reconnect, to another process, and replay what they missed).
    server.close();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
    server.once("close", () => {
      void app.close().finally(() => {
        log.info({ signal }, "stopped");
        process.exit(0);
      });
    });
  });
}

function forwardedFromTrustedProxies(request: IncomingMessage, trustedHops: number): void {
  const headers = request.headers;
  const forwardedFor = [headers["x-forwarded-for"]].flat().join(",");
  if (trustedHops === 0) {
    // Nobody in front of us set these; Next fills them in from the connection itself.
    delete headers["x-forwarded-host"];
    delete headers["x-forwarded-proto"];
    delete headers["x-forwarded-port"];
  }
  headers["x-forwarded-for"] = clientAddressOf(forwardedFor, request.socket.remoteAddress, trustedHops);
}

// A reader that stops reading (a laptop asleep, a stuck proxy) fills its socket; then Next's pipe
// waits for 'drain' with one chunk in flight, and nothing a route handler can do (erroring its
// body included) reaches the socket before that write completes. So the server closes a response
// whose socket has said "wait" and taken nothing for two checks in a row: the socket, Next's pipe
// and the stream's queue are freed, and the browser reconnects with Last-Event-ID and replays.
function stalledResponseCloser(): (response: ServerResponse) => void {
  const open = new Set<ServerResponse>();
  /** Responses waiting for 'drain' at the last check, with what their socket held then. */
  const waiting = new Map<ServerResponse, number>();
  setInterval(() => {
    for (const response of open) {
      const buffered = response.socket?.writableLength ?? 0;
      const before = waiting.get(response);
      if (!response.writableNeedDrain) waiting.delete(response);
      else if (before === undefined || buffered < before) waiting.set(response, buffered);
      else {
        log.info({ buffered }, "closing a response its reader stopped reading");
        response.destroy();
      }
    }
  }, STALL_CHECK_MS).unref();
  return (response) => {
    open.add(response);
    response.once("close", () => {
      open.delete(response);
      waiting.delete(response);
    });
  };
}
