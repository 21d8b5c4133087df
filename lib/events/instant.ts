import { z } from "zod";

// A point in time as events carry it: ISO 8601 with Z or an offset. zod checks the calendar;
// PostgreSQL's timestamptz also refuses the year 0 and offsets beyond ±15:59, so those are
// refused here, when the message is decoded, rather than by the database.
const PARTS = /^(\d{4})-.*?(?:Z|[+-](\d{2}):(\d{2}))$/;

export const instantSchema = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const [, year = "0", offsetHours = "0"] = PARTS.exec(value) ?? [];
    return Number(year) >= 1 && Number(offsetHours) <= 15;
  },
  { message: "must be in the years 1 to 9999, with an offset from UTC of at most ±15:59" },
);
