// A problem the person running the project can fix (a missing tool, a busy port, a bad variable).
// The launcher prints its message alone, without a stack trace.
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}
