import { z } from "zod";
import { db } from "../db/prisma";
import { AppError } from "../errors";
import { decodeEvent, MAX_EVENT_BYTES } from "../events/cloud-event";
import { webPublisher } from "../events/web-publisher";

// Sends a dead letter back to the topic it came from, with its original key: as it was (the cause
// was outside the message, say a type the worker did not know yet) or as corrected by the admin.
// A corrected payload must decode, so a fix that is still wrong is refused here, with the reason,
// instead of landing in the DLQ again. The worker treats the replay like any other message. Every
// replay is kept (who, when, the bytes sent), so an audit sees each one, not only the last.

export const replayBodySchema = z.object({
  payload: z.string().max(MAX_EVENT_BYTES).optional(),
});

export const REPLAY_HEADER = "dlq-replayed-from";

export async function replayDeadLetter({ id, body, adminId }: { id: bigint; body: z.infer<typeof replayBodySchema>; adminId: string }) {
  const letter = await db().deadLetter.findUnique({ where: { id } });
  if (!letter) throw new AppError("not_found", "No such dead letter.");
  let value: Buffer;
  if (body.payload !== undefined) {
    value = Buffer.from(body.payload, "utf8");
    const decoded = decodeEvent(value);
    if (!decoded.ok) throw new AppError("bad_request", `payload: still not a usable event: ${decoded.reason}`);
  } else {
    if (letter.payload.length < letter.payloadSize) {
      throw new AppError("conflict", "The stored payload was cut at the size limit; send a corrected payload to replay it.");
    }
    value = Buffer.from(letter.payload);
  }
  await webPublisher().sendRaw(letter.topic, [{ key: letter.messageKey, value, headers: { [REPLAY_HEADER]: id.toString() } }]);
  const replay = await db().deadLetterReplay.create({
    data: { deadLetterId: id, replayedBy: adminId, corrected: body.payload !== undefined, payload: new Uint8Array(value) },
    select: { replayedAt: true },
  });
  return { id: id.toString(), topic: letter.topic, replayedAt: replay.replayedAt.toISOString() };
}
