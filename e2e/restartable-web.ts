import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import { startWeb, terminate, waitForHttp } from "../scripts/stack";

/**
 * A web process of the test's own (server.ts on the built app, same database and Kafka as the
 * shared one, so the shared web app is not disturbed) behind a small reverse proxy, as in
 * production: while the process is down the proxy answers 502, which makes the browser's
 * EventSource give up (CLOSED) — the case the page must recover from by itself.
 */
export class RestartableWeb {
  private web: ChildProcess | null = null;
  private proxy: http.Server | null = null;
  /** Requests for the live stream the proxy answered with 502 while the process was down. */
  refusedStreams = 0;

  constructor(
    private readonly webPort: number,
    private readonly proxyPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.proxyPort}`;
  }

  async start(): Promise<void> {
    this.proxy ??= await startProxy(this.proxyPort, this.webPort, (path) => {
      if (path.startsWith("/api/notifications/stream")) this.refusedStreams += 1;
    });
    this.web = startWeb({ LOG_LEVEL: "warn" }, this.webPort);
    await waitForHttp(`http://127.0.0.1:${this.webPort}/api/health`, this.web, "The test's own web process");
  }

  /** SIGKILL: no chance to close streams politely, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    const web = this.web;
    if (!web || web.exitCode !== null || web.signalCode !== null) return;
    web.kill("SIGKILL");
    await once(web, "exit");
  }

  async stop(): Promise<void> {
    if (this.web) await terminate(this.web);
    if (this.proxy) await new Promise<void>((resolve) => this.proxy!.close(() => resolve()));
    this.proxy?.closeAllConnections();
    this.proxy = null;
  }
}

function startProxy(port: number, targetPort: number, onRefused: (path: string) => void): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: targetPort, method: request.method, path: request.url, headers: request.headers, agent: false },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        // The process died in the middle of a response (a live stream): so does the response.
        answer.on("aborted", () => response.destroy());
        answer.on("error", () => response.destroy());
      },
    );
    upstream.on("error", () => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      onRefused(request.url ?? "");
      response.writeHead(502, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { code: "bad_gateway", message: "The web process is restarting." } }));
    });
    request.pipe(upstream);
    response.on("close", () => upstream.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
