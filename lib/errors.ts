// The one error type the domain throws (data functions, route handlers): a code that says what
// went wrong for the caller, and a message a person can read. lib/http/errors.ts maps each code to
// its HTTP status; anything that is not an AppError is a fault of ours (a 500 that logs it).

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "internal"
  /** A service we depend on (Kafka) did not take the request: nothing was done, try again. */
  | "unavailable";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}
