import { AppError } from "../errors";
import { MAC_PATTERN, macWith } from "../security/shared-keys";

// A notification cursor, the history's nextCursor and the stream's event id alike: the position
// (a per-person sequence number) and a MAC over the person and the position. A cursor that was
// altered, invented or handed out to someone else is a 400; it never reaches a query.

export interface Cursors {
  sign(userId: string, seq: bigint): string;
  /** The position in a cursor signed for this person; `field` names it in the 400. */
  read(userId: string, cursor: string, field?: string): bigint;
}

const CURSOR = new RegExp(`^(\\d{1,18})\\.(${MAC_PATTERN})$`);

export async function notificationCursors(): Promise<Cursors> {
  const mac = await macWith("paging-cursor");
  return {
    sign: (userId, seq) => `${seq}.${mac.sign(`${userId}\n${seq}`)}`,
    read(userId, cursor, field = "cursor") {
      const [, seq = "", signature = ""] = CURSOR.exec(cursor) ?? [];
      if (!seq || !mac.verify(`${userId}\n${seq}`, signature)) {
        throw new AppError("bad_request", `${field}: must be a cursor returned by this API`);
      }
      return BigInt(seq);
    },
  };
}
