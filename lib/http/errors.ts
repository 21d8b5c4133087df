import { ZodError } from "zod";
import { logger } from "../log";

// One error type for the HTTP API and one table from its code to a status (PRODUCT.md §5 errors).
const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return body(error.status, error.code, error.message);
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
