import { ZodError } from "zod";
import { AppError, type ErrorCode } from "../errors";
import { logger } from "../log";

// The one map from an error to the JSON of docs/api.md: `{"error":{"code","message"}}` with the
// status of its code. A ZodError is a 400 naming the field; anything else a 500 that logs the
// cause and shows none of it.
export const STATUS: { [C in ErrorCode]: number } = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return body(STATUS[error.code], error.code, error.message);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || "body";
    return body(400, "bad_request", `${field}: ${issue?.message ?? "invalid"}`);
  }
  logger("http").error({ err: error }, "unhandled error in route");
  return body(500, "internal", "Something went wrong on our side.");
}

function body(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
