// Run as root, PostgreSQL runs as the `postgres` user, who must reach its binaries and its data.
// A clone in a directory only its owner can enter (say under /root, mode 0700, as in a container)
// hides both from that user, and initdb cannot even be started. Rather than loosen the owner's
// directories, what the user cannot reach is kept where it can:
//
//   <reachable root>/postgres-<version>/   a copy of the package's binaries (once per version)
//   <reachable root>/clusters/<id>/cluster the data, linked from <dataDir>/cluster
//
// with the reachable root /var/lib/groupware-notifications (mode 0755, root's). <id> comes from the
// data directory's path, so each clone has its own cluster; one found there without the link (its
// data directory was deleted, as npm test does every run) is removed first, so a new data
// directory means a new, empty database, as it does where nothing needs to move.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, cp, lstat, mkdir, readFile, readlink, realpath, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PostgresBinaries, RunAs } from "./postgres-server";
import { SetupError } from "./setup-error";

export const REACHABLE_ROOT = "/var/lib/groupware-notifications";
const USER = "postgres";

/** The `postgres` user's ids; the user is made (a system account without a home) when missing. */
export async function postgresUser(): Promise<RunAs> {
  let ids = await idsOf(USER);
  if (!ids) {
    const made = await exec("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", USER]);
    ids = await idsOf(USER);
    if (!ids) {
      throw new SetupError(
        `PostgreSQL refuses to run as root, and there is no "${USER}" user to run it as (useradd failed: ${made.output.trim() || "not found"}). ` +
          `Create one (e.g. useradd --system ${USER}), run npm start as another user, or set DATABASE_URL.`,
      );
    }
  }
  return ids;
}

/** The binaries themselves if the user can run them, else a copy of their package's folder it can. */
export async function reachableBinaries(binaries: PostgresBinaries, runAs: RunAs, root: string): Promise<PostgresBinaries> {
  if ((await canReach(binaries.initdb, runAs)) && (await canReach(binaries.postgres, runAs))) return binaries;
  // <package>/native/bin/initdb: the server finds its libraries and share/ beside its bin/.
  const native = path.dirname(path.dirname(binaries.initdb));
  const { version } = JSON.parse(await readFile(path.join(native, "..", "package.json"), "utf8")) as { version: string };
  const target = path.join(root, `postgres-${version}`);
  if (!existsSync(target)) {
    await makeReachableDir(root);
    // Copied aside and renamed, so an interrupted copy is never taken for a whole one.
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(native, path.join(partial, "native"), { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another start made it meanwhile.
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    });
  }
  const relocated = (binary: string) => path.join(target, "native", path.relative(native, binary));
  const copy = { initdb: relocated(binaries.initdb), postgres: relocated(binaries.postgres) };
  if (!(await canReach(copy.postgres, runAs)))
    throw new SetupError(`The "${USER}" user cannot enter ${await firstClosed(copy.postgres)} either; set DATABASE_URL.`);
  return copy;
}

/**
 * Where the cluster of `dataDir` lives: `<dataDir>/cluster` if the user can reach it (or it is a
 * link made here), else a new directory under `root`, linked from there. Says so through `log`.
 */
export async function reachableClusterDir(dataDir: string, runAs: RunAs, root: string, log: (message: string) => void): Promise<string> {
  const link = path.join(dataDir, "cluster");
  const linked = await lstat(link).then(
    (found) => (found.isSymbolicLink() ? readlink(link) : null),
    () => null,
  );
  if (linked !== null) {
    if (existsSync(path.join(linked, "PG_VERSION"))) return linked;
    // A link to a cluster that is gone, or was never finished: made again below.
  } else if (existsSync(path.join(link, "PG_VERSION"))) {
    if (await canReach(link, runAs)) return link;
    throw new SetupError(
      `PostgreSQL runs as the "${USER}" user, who can no longer enter ${await firstClosed(link)}, where its data is (${link}): ` +
        "let it through (chmod o+x on that directory), move the data to a directory it can enter, or set DATABASE_URL.",
    );
  } else if (await canReach(dataDir, runAs)) {
    return link;
  }

  const id = createHash("sha256")
    .update(await realpath(dataDir))
    .digest("hex")
    .slice(0, 16);
  const home = path.join(root, "clusters", id);
  await makeReachableDir(path.join(root, "clusters"));
  await rm(home, { recursive: true, force: true });
  await makeReachableDir(home);
  await writeFile(path.join(home, "README"), `The PostgreSQL cluster of ${dataDir}, linked from ${link}.\n`);
  const cluster = path.join(home, "cluster");
  await mkdir(cluster, { mode: 0o700 });
  await chown(cluster, runAs.uid, runAs.gid);
  // Whatever is left where the link goes is an empty directory of an earlier, failed start.
  await rm(link, { recursive: true, force: true });
  await symlink(cluster, link);
  if (!(await canReach(cluster, runAs)))
    throw new SetupError(`The "${USER}" user cannot enter ${await firstClosed(cluster)} either; set DATABASE_URL.`);
  log(
    `PostgreSQL runs as the "${USER}" user, who cannot enter ${await firstClosed(dataDir)}: its data is kept in ${cluster} (linked from ${link}).`,
  );
  return cluster;
}

/** Whether the user can get to `target` (search every directory on the way, and run a file). */
export async function canReach(target: string, runAs: RunAs): Promise<boolean> {
  return (await exec("test", ["-x", target], runAs)).ok;
}

// The outermost directory on the way to `target` that others may not enter: the one to name.
async function firstClosed(target: string): Promise<string> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const dir = path.join(path.sep, ...parts.slice(0, i));
    const mode = await stat(dir).then(
      (found) => found.mode,
      () => 0o777,
    );
    if ((mode & 0o001) === 0) return `${dir} (mode ${(mode & 0o777).toString(8).padStart(4, "0")})`;
  }
  return path.resolve(target);
}

async function makeReachableDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Explicitly: mkdir's mode is cut by the umask, and a umask of 077 would hide it again.
  await chmod(dir, 0o755);
}

async function idsOf(user: string): Promise<RunAs | null> {
  const [uid, gid] = await Promise.all([exec("id", ["-u", user]), exec("id", ["-g", user])]);
  return uid.ok && gid.ok ? { uid: Number(uid.output), gid: Number(gid.output) } : null;
}

function exec(command: string, args: string[], runAs?: RunAs): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...runAs }, (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }));
  });
}
