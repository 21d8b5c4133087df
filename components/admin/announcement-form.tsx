"use client";

import { type FormEvent, useId, useState } from "react";
import { postAnnouncement } from "@/lib/client/admin-api";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";

type Outcome = { kind: "sent"; eventId: string; postId: string; mustRead: boolean } | { kind: "error"; message: string } | null;

/** Posts a board notice to everyone or to chosen departments (POST /api/admin/announcements). */
export function AnnouncementForm({ departments, locale }: { departments: { id: string; name: string }[]; locale: Locale }) {
  const ids = { title: useId(), outcome: useId(), due: useId() };
  const [title, setTitle] = useState("");
  const [important, setImportant] = useState(false);
  const [audience, setAudience] = useState<"all" | "departments">("all");
  const [chosen, setChosen] = useState<string[]>([]);
  const [requiresAck, setRequiresAck] = useState(false);
  // datetime-local: the company's time (Asia/Seoul), sent with its offset.
  const [due, setDue] = useState("");
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (audience === "departments" && chosen.length === 0) {
      setOutcome({ kind: "error", message: at(locale, "announce.chooseDepartment") });
      return;
    }
    setPending(true);
    setOutcome(null);
    try {
      const mustRead = requiresAck ? { requiresAck: true, ...(due ? { ackDueAt: `${due}:00+09:00` } : {}) } : {};
      const { eventId, postId } = await postAnnouncement(
        audience === "all" ? { title, important, ...mustRead, all: true } : { title, important, ...mustRead, departmentIds: chosen },
      );
      setOutcome({ kind: "sent", eventId, postId, mustRead: requiresAck });
      setTitle("");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      setOutcome({ kind: "error", message: at(locale, "announce.failed", { reason }) });
    } finally {
      setPending(false);
    }
  }

  const toggle = (id: string, on: boolean) => setChosen((current) => (on ? [...current, id] : current.filter((d) => d !== id)));
  const choiceClass =
    "inline-flex min-h-9 items-center gap-2 rounded-lg border border-line-strong bg-surface px-3 text-sm has-checked:border-accent has-checked:bg-accent-soft";

  return (
    <form onSubmit={submit} data-testid="announcement-form" aria-describedby={outcome ? ids.outcome : undefined} className="space-y-4">
      <div>
        <label htmlFor={ids.title} className="block text-sm font-medium">
          {at(locale, "announce.title")}
        </label>
        <input
          id={ids.title}
          required
          maxLength={200}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          className="mt-1.5 block h-10 w-full rounded-lg border border-line-strong bg-surface px-3 text-[0.9375rem] hover:border-fg-subtle focus-visible:border-accent focus-visible:outline-offset-0"
        />
      </div>

      <label className="inline-flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={important}
          onChange={(event) => setImportant(event.target.checked)}
          className="size-4 accent-(--gw-accent)"
        />
        {at(locale, "announce.important")}
      </label>

      <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            data-testid="announcement-requires-ack"
            checked={requiresAck}
            onChange={(event) => setRequiresAck(event.target.checked)}
            className="size-4 accent-(--gw-accent)"
          />
          {at(locale, "announce.requiresAck")}
        </label>
        {requiresAck ? (
          <div>
            <label htmlFor={ids.due} className="block text-sm font-medium">
              {at(locale, "announce.ackDueAt")}
            </label>
            <input
              id={ids.due}
              type="datetime-local"
              data-testid="announcement-ack-due"
              value={due}
              onChange={(event) => setDue(event.target.value)}
              className="mt-1.5 block h-10 rounded-lg border border-line-strong bg-surface px-3 text-[0.9375rem]"
            />
          </div>
        ) : null}
      </div>

      <fieldset>
        <legend className="text-sm font-medium">{at(locale, "announce.audience")}</legend>
        <div className="mt-1.5 flex flex-wrap gap-2">
          {(["all", "departments"] as const).map((value) => (
            <label key={value} className={choiceClass}>
              <input
                type="radio"
                name="audience"
                value={value}
                checked={audience === value}
                onChange={() => setAudience(value)}
                className="size-4 accent-(--gw-accent)"
              />
              {at(locale, value === "all" ? "announce.everyone" : "announce.departments")}
            </label>
          ))}
        </div>
      </fieldset>

      {audience === "departments" ? (
        <fieldset>
          <legend className="text-sm font-medium">{at(locale, "announce.departmentList")}</legend>
          <div className="mt-1.5 flex flex-wrap gap-2">
            {departments.map((department) => (
              <label key={department.id} className={choiceClass}>
                <input
                  type="checkbox"
                  value={department.id}
                  checked={chosen.includes(department.id)}
                  onChange={(event) => toggle(department.id, event.target.checked)}
                  className="size-4 accent-(--gw-accent)"
                />
                {department.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="inline-flex h-10 items-center rounded-lg bg-accent-solid px-4 text-sm font-medium text-accent-fg transition-colors hover:bg-accent-solid-hover disabled:opacity-70"
        >
          {at(locale, pending ? "announce.submitting" : "announce.submit")}
        </button>
        <p
          id={ids.outcome}
          role="status"
          data-testid="announcement-outcome"
          className={`min-w-0 text-sm break-all ${outcome?.kind === "error" ? "text-danger-fg" : "text-fg-muted"}`}
        >
          {outcome ? (outcome.kind === "sent" ? at(locale, "announce.sent", { eventId: outcome.eventId }) : outcome.message) : null}
        </p>
        {outcome?.kind === "sent" && outcome.mustRead ? (
          <a
            href={`/admin/notices/${encodeURIComponent(outcome.postId)}`}
            data-testid="announcement-receipts"
            className="text-sm font-medium text-accent underline-offset-2 hover:underline"
          >
            {at(locale, "announce.receipts")}
          </a>
        ) : null}
      </div>
    </form>
  );
}
