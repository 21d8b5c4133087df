import { findSessionUser, SESSION_COOKIE, type SessionUser } from "../auth/session";
import { AppError, errorResponse } from "./errors";

// Wrappers for route handlers: errors become the JSON of PRODUCT.md §5, and user routes get the
// session's user or a 401 before the handler runs.

type Handler<C> = (request: Request, context: C) => Promise<Response>;
type UserHandler<C> = (request: Request, user: SessionUser, context: C) => Promise<Response>;

export function withErrors<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function withUser<C>(handler: UserHandler<C>): Handler<C> {
  return withErrors(async (request, context) => {
    const user = await findSessionUser(readCookie(request, SESSION_COOKIE));
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

/** The body as JSON; an empty body is `empty` when one is given (a body that may be left out). */
export async function readJson(request: Request, empty?: unknown): Promise<unknown> {
  const text = await request.text();
  if (!text.trim() && empty !== undefined) return empty;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body must be JSON.");
  }
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}
