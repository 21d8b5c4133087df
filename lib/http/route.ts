import { findSessionUser, type SessionUser } from "../auth/session";
import { SESSION_COOKIE } from "../auth/session-cookie";
import { AppError } from "../errors";
import { errorResponse } from "./errors";

// Wrappers for route handlers: errors become the JSON of docs/api.md, and user routes get the
// session's user or a 401 before the handler runs.

type Handler<C> = (request: Request, context: C) => Promise<Response>;
type UserHandler<C> = (request: Request, user: SessionUser, context: C) => Promise<Response>;

/** The largest JSON body a route reads, unless it asks for more (413 beyond). */
export const MAX_BODY_BYTES = 64 * 1024;

export function withErrors<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      refuseCrossSite(request);
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function withUser<C>(handler: UserHandler<C>): Handler<C> {
  return withErrors(async (request, context) => {
    const user = await findSessionUser(SESSION_COOKIE.read(request));
    if (!user) throw new AppError("unauthorized", "Sign in first.");
    return handler(request, user, context);
  });
}

/** For admin routes: 401 without a session, 403 JSON for anyone who is not an ADMIN. */
export function withAdmin<C>(handler: UserHandler<C>): Handler<C> {
  return withUser(async (request, user, context) => {
    if (user.role !== "ADMIN") throw new AppError("forbidden", "Only administrators may use this.");
    return handler(request, user, context);
  });
}

/**
 * The body as JSON, at most `maxBytes` of it (413 beyond, read no further); an empty body is
 * `empty` when one is given (a body that may be left out).
 */
export async function readJson(
  request: Request,
  { empty, maxBytes = MAX_BODY_BYTES }: { empty?: unknown; maxBytes?: number } = {},
): Promise<unknown> {
  const text = await readText(request, maxBytes);
  if (!text.trim() && empty !== undefined) return empty;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body must be JSON.");
  }
}

async function readText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `The body may be at most ${maxBytes} bytes.`);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must come from our own pages: browsers say where a request comes from
 * (Sec-Fetch-Site, and Origin on every POST), so a form or script on another site gets a 403
 * before anything happens. Clients that are not browsers send neither header and are let through;
 * they cannot carry a victim's cookie.
 */
function refuseCrossSite(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) {
    if (site === "same-origin" || site === "none") return;
    throw new AppError("forbidden", "Cross-site requests are refused.");
  }
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let from: string | null = null;
  try {
    from = new URL(origin).host;
  } catch {
    // "null" (a sandboxed frame, a file: page) or garbage: not our origin
  }
  if (from !== host) throw new AppError("forbidden", "Cross-site requests are refused.");
}
