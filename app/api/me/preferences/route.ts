// GET /api/me/preferences, PUT /api/me/preferences {muted, toasts, quietHours} — the caller's notification preferences
import { readJson, withUser } from "@/lib/http/route";
import { getPreferences } from "@/lib/preferences/get-preferences";
import { preferencesSchema } from "@/lib/preferences/preferences-schema";
import { setPreferences } from "@/lib/preferences/set-preferences";

export const dynamic = "force-dynamic";

export const GET = withUser(async (_request, user) => Response.json(await getPreferences({ userId: user.id })));

export const PUT = withUser(async (request, user) => {
  const preferences = preferencesSchema.parse(await readJson(request));
  return Response.json(await setPreferences({ userId: user.id, preferences }));
});
