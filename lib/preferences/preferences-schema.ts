import { z } from "zod";
import { storableString } from "../events/storable";

// The body of PUT /api/me/preferences and the answer of GET (PRODUCT.md §13). A bad field is a 400
// that names it (lib/http/errors.ts maps the ZodError's path).

/** What may never be muted: approval requests wait for the reader's decision. */
export const UNMUTABLE_TYPES = ["approval.requested"] as const;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM from 00:00 to 23:59");

export const mutedSchema = z
  .object({
    source: storableString(200).pipe(z.string().min(1, "must name a source, e.g. groupware/calendar")),
    type: storableString(200).pipe(z.string().min(1)).optional(),
  })
  .strict()
  .refine((mute) => !(UNMUTABLE_TYPES as readonly string[]).includes(mute.type ?? ""), {
    message: "approval requests cannot be muted: they wait for your decision",
    path: ["type"],
  });

export const quietHoursSchema = z
  .object({
    /** ISO weekdays, Monday = 1; a range that crosses midnight belongs to the day it starts on. */
    days: z
      .array(
        z
          .number()
          .int()
          .min(1, "must be a weekday from 1 (Monday) to 7 (Sunday)")
          .max(7, "must be a weekday from 1 (Monday) to 7 (Sunday)"),
      )
      .min(1, "must name at least one weekday")
      .max(7)
      .refine((days) => new Set(days).size === days.length, "must not name a weekday twice"),
    start: clock,
    end: clock,
  })
  .strict()
  .refine((quiet) => quiet.start !== quiet.end, { message: "must differ from start", path: ["end"] });

export const preferencesSchema = z
  .object({
    muted: z.array(mutedSchema).max(100),
    toasts: z.boolean(),
    quietHours: quietHoursSchema.nullable(),
  })
  .strict();

export type Preferences = z.infer<typeof preferencesSchema>;
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const DEFAULT_PREFERENCES: Preferences = { muted: [], toasts: true, quietHours: null };
