// POST /api/admin/announcements {title, important?, all?, departmentIds?, requiresAck?, ackDueAt?} — a notice through Kafka (ADMIN)
import { announcementSchema, postAnnouncement } from "@/lib/admin/post-announcement";
import { readJson, withAdmin } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withAdmin(async (request, user) => {
  const input = announcementSchema.parse(await readJson(request));
  return Response.json(await postAnnouncement({ input, author: { id: user.id, name: user.name } }), { status: 202 });
});
