import { randomUUID } from "node:crypto";
import { z } from "zod";
import { instantSchema } from "../events/instant";
import { webPublisher } from "../events/web-publisher";

// An admin's announcement is a board.notice.published event like any other: it goes to Kafka and
// reaches people through the worker, never straight into the database.

export const announcementSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    important: z.boolean().default(false),
    all: z.boolean().default(false),
    departmentIds: z.array(z.string().min(1).max(100)).max(1000).default([]),
    /** A must-read notice (PRODUCT.md §12), to be acknowledged by `ackDueAt`. */
    requiresAck: z.boolean().default(false),
    ackDueAt: instantSchema.optional(),
  })
  .refine((a) => a.requiresAck || a.ackDueAt === undefined, { message: "only a must-read notice has a due date", path: ["ackDueAt"] })
  .refine((a) => a.all || a.departmentIds.length > 0, { message: "choose everyone or at least one department", path: ["departmentIds"] });

export async function postAnnouncement({
  input,
  author,
}: {
  input: z.infer<typeof announcementSchema>;
  author: { id: string; name: string };
}) {
  const postId = `ANN-${randomUUID()}`;
  const event = await webPublisher().publish({
    type: "board.notice.published",
    source: "groupware/board",
    data: {
      postId,
      title: input.title,
      author,
      audience: input.all ? { all: true } : { departmentIds: input.departmentIds },
      important: input.important,
      ...(input.requiresAck ? { requiresAck: true, ...(input.ackDueAt ? { ackDueAt: input.ackDueAt } : {}) } : {}),
    },
  });
  return { eventId: event.id, postId };
}
