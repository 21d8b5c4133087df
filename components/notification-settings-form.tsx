"use client";

import { type FormEvent, useId, useState } from "react";
import { savePreferences } from "@/lib/client/notifications-api";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { Preferences } from "@/lib/preferences/preferences-schema";

// The form of /settings/notifications: services to mute (approval requests and must-read notices
// still come through), toasts on or off, and quiet hours by weekday and time (Korea time; a range
// past midnight ends the next morning). Saved with PUT /api/me/preferences; every tab follows.

const SERVICES = [
  { source: "groupware/approval", key: "service.approval" },
  { source: "groupware/board", key: "service.board" },
  { source: "groupware/calendar", key: "service.calendar" },
  { source: "groupware/reservation", key: "service.reservation" },
] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

type Outcome = { kind: "saved" } | { kind: "error"; message: string } | null;

export function NotificationSettingsForm({ initial, locale }: { initial: Preferences; locale: Locale }) {
  const ids = { start: useId(), end: useId(), outcome: useId() };
  // Mutes of a whole service are edited here; finer ones (a single type) are kept as they are.
  const [mutedSources, setMutedSources] = useState<string[]>(initial.muted.filter((m) => !m.type).map((m) => m.source));
  const [toasts, setToasts] = useState(initial.toasts);
  const [quiet, setQuiet] = useState(initial.quietHours !== null);
  const [days, setDays] = useState<number[]>(initial.quietHours?.days ?? [1, 2, 3, 4, 5]);
  const [start, setStart] = useState(initial.quietHours?.start ?? "22:00");
  const [end, setEnd] = useState(initial.quietHours?.end ?? "08:00");
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setOutcome(null);
    try {
      await savePreferences({
        muted: [...initial.muted.filter((m) => m.type), ...mutedSources.map((source) => ({ source }))],
        toasts,
        quietHours: quiet ? { days: [...days].sort(), start, end } : null,
      });
      setOutcome({ kind: "saved" });
    } catch (error) {
      setOutcome({
        kind: "error",
        message: t(locale, "settings.failed", { reason: error instanceof Error ? error.message : String(error) }),
      });
    } finally {
      setPending(false);
    }
  }

  const toggle = (list: string[] | number[], value: string | number, on: boolean) =>
    on ? [...list, value] : list.filter((item) => item !== value);
  const choice =
    "inline-flex min-h-10 items-center gap-2 rounded-lg border border-line-strong bg-surface px-3 text-sm has-checked:border-accent has-checked:bg-accent-soft";
  const box = "size-4 accent-(--gw-accent)";

  return (
    <form
      onSubmit={submit}
      data-testid="notification-settings"
      aria-describedby={outcome ? ids.outcome : undefined}
      className="mt-6 space-y-8"
    >
      <fieldset>
        <legend className="text-base font-semibold">{t(locale, "settings.mute")}</legend>
        <p className="mt-1 text-sm text-fg-muted">{t(locale, "settings.muteHint")}</p>
        <div className="mt-3 flex flex-wrap gap-2">
          {SERVICES.map((service) => (
            <label key={service.source} className={choice}>
              <input
                type="checkbox"
                className={box}
                checked={mutedSources.includes(service.source)}
                onChange={(e) => setMutedSources((current) => toggle(current, service.source, e.target.checked) as string[])}
              />
              {t(locale, service.key)}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend className="text-base font-semibold">{t(locale, "settings.arrival")}</legend>
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input type="checkbox" className={box} checked={toasts} onChange={(e) => setToasts(e.target.checked)} />
          {t(locale, "settings.toasts")}
        </label>
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input type="checkbox" className={box} checked={quiet} onChange={(e) => setQuiet(e.target.checked)} />
          {t(locale, "settings.quiet")}
        </label>
        {quiet ? (
          <div className="mt-3 space-y-3 rounded-xl border border-line bg-surface p-4">
            <fieldset>
              <legend className="text-sm font-medium">{t(locale, "settings.quietDays")}</legend>
              <div className="mt-2 flex flex-wrap gap-2">
                {WEEKDAYS.map((day) => (
                  <label key={day} className={choice}>
                    <input
                      type="checkbox"
                      className={box}
                      checked={days.includes(day)}
                      onChange={(e) => setDays((current) => toggle(current, day, e.target.checked) as number[])}
                    />
                    {t(locale, `settings.day${day}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="flex flex-wrap gap-4">
              <div>
                <label htmlFor={ids.start} className="block text-sm font-medium">
                  {t(locale, "settings.quietStart")}
                </label>
                <input
                  id={ids.start}
                  type="time"
                  required
                  value={start}
                  onChange={(e) => setStart(e.target.value)}
                  className="mt-1.5 h-10 rounded-lg border border-line-strong bg-surface px-3"
                />
              </div>
              <div>
                <label htmlFor={ids.end} className="block text-sm font-medium">
                  {t(locale, "settings.quietEnd")}
                </label>
                <input
                  id={ids.end}
                  type="time"
                  required
                  value={end}
                  onChange={(e) => setEnd(e.target.value)}
                  className="mt-1.5 h-10 rounded-lg border border-line-strong bg-surface px-3"
                />
              </div>
            </div>
            <p className="text-xs text-fg-muted">{t(locale, "settings.quietHint")}</p>
          </div>
        ) : null}
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="inline-flex h-10 items-center rounded-lg bg-accent-solid px-4 text-sm font-medium text-accent-fg hover:bg-accent-solid-hover disabled:opacity-70"
        >
          {t(locale, pending ? "settings.saving" : "settings.save")}
        </button>
        <p
          id={ids.outcome}
          role="status"
          data-testid="settings-outcome"
          className={`text-sm ${outcome?.kind === "error" ? "text-danger-fg" : "text-fg-muted"}`}
        >
          {outcome ? (outcome.kind === "saved" ? t(locale, "settings.saved") : outcome.message) : null}
        </p>
      </div>
    </form>
  );
}
