import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import { freePort } from "../scripts/infra/ports";
import { ROOT } from "../scripts/stack";

// nginx for a test: Debian's binary run as the current user on a configuration of the test's own,
// in the foreground, with every path it writes (pid, logs, temporary files) under `dir`. The
// server block is infra/nginx/groupware.conf.template, filled in as the official image fills it.

export const TEMPLATE = path.join(ROOT, "infra", "nginx", "groupware.conf.template");

/** The nginx binary (NGINX_PATH, /usr/sbin/nginx, or on PATH), or null when there is none. */
export function findNginx(): string | null {
  const candidates = [process.env.NGINX_PATH, "/usr/sbin/nginx", "nginx"].filter((c): c is string => !!c);
  return candidates.find((candidate) => spawnSync(candidate, ["-v"]).status === 0) ?? null;
}

export interface RunningNginx {
  port: number;
  url: string;
  /** The configuration it runs, as written (for a failure's message). */
  config: string;
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts nginx in front of `upstreamPorts` (web processes on 127.0.0.1); `edit` may change the
 * filled-in template first (a test that breaks the set-up on purpose).
 */
export async function startNginx({
  binary,
  dir,
  upstreamPorts,
  edit = (text) => text,
}: {
  binary: string;
  dir: string;
  upstreamPorts: number[];
  edit?: (config: string) => string;
}): Promise<RunningNginx> {
  const port = await freePort();
  const servers = upstreamPorts.map((p) => `server 127.0.0.1:${p};`).join("\n    ");
  const site = edit(
    fillTemplate(await readFile(TEMPLATE, "utf8"), { GROUPWARE_LISTEN: `127.0.0.1:${port}`, GROUPWARE_WEB_SERVERS: servers }),
  );
  for (const temp of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) await mkdir(path.join(dir, temp), { recursive: true });
  const config = [
    // As root the workers would switch to `nobody`, who cannot write under dir; stay who we are.
    ...(process.getuid?.() === 0 ? [`user ${userInfo().username};`] : []),
    "worker_processes 1;",
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    "events { worker_connections 1024; }",
    "http {",
    `    access_log ${dir}/access.log;`,
    // Compression on for every type, as a site's http block may have it: the stream's location
    // must turn it off itself (compressed behind a buffering proxy, frames wait for a full buffer).
    "    gzip on;",
    "    gzip_types *;",
    `    client_body_temp_path ${dir}/client_body;`,
    `    proxy_temp_path ${dir}/proxy;`,
    `    fastcgi_temp_path ${dir}/fastcgi;`,
    `    uwsgi_temp_path ${dir}/uwsgi;`,
    `    scgi_temp_path ${dir}/scgi;`,
    `    include ${dir}/groupware.conf;`,
    "}",
    "",
  ].join("\n");
  await writeFile(path.join(dir, "groupware.conf"), site);
  await writeFile(path.join(dir, "nginx.conf"), config);
  // -e: the error log before the configuration is read (the compiled-in one is /var/log/nginx).
  const args = ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log"), "-g", "daemon off;"];
  const child: ChildProcess = spawn(binary, args, { stdio: ["ignore", "inherit", "inherit"] });
  const errorLog = async () => (existsSync(path.join(dir, "error.log")) ? readFile(path.join(dir, "error.log"), "utf8") : "");
  await waitForPort(port, child, errorLog);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    config: site,
    errorLog,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGQUIT would wait for the open streams; SIGTERM is nginx's fast shutdown.
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** ${NAME} replaced by its value, for the names given; nginx's own $variables are left alone. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

async function waitForPort(port: number, child: ChildProcess, errorLog: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${await errorLog()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port} within 10 s: ${await errorLog()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
