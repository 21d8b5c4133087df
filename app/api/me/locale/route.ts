// PUT /api/me/locale — remember the caller's language ({locale: "ko"|"en"}), for every device
import { z } from "zod";
import { readJson, withUser } from "@/lib/http/route";
import { LOCALES } from "@/lib/i18n/locale";
import { setUserLocale } from "@/lib/users/set-user-locale";

const bodySchema = z.object({ locale: z.enum(LOCALES) });

export const PUT = withUser(async (request, user) => {
  const { locale } = bodySchema.parse(await readJson(request));
  await setUserLocale({ userId: user.id, locale });
  return new Response(null, { status: 204 });
});
