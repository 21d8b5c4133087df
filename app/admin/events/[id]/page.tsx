import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminShell } from "@/components/admin/admin-shell";
import { EventRecipientsTable } from "@/components/admin/event-recipients-table";
import { formatInstant } from "@/components/admin/format-admin";
import { getEventDelivery } from "@/lib/admin/get-event-delivery";
import { parseId } from "@/lib/db/ids";
import { at } from "@/lib/i18n/admin-messages";
import { adminContext, requestContext } from "../../../request-context";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: at(locale, "event.pageTitle", { id: (await params).id }) };
}

// /admin/events/{id} — one stored event: the CloudEvent as received, where it was in Kafka, and each
// recipient's stored, delivered and read times (ADMIN only)
export default async function AdminEventPage({ params }: Props) {
  const { locale } = await adminContext();
  const { id } = await params;
  const eventPk = parseId(id);
  const event = eventPk === null ? null : await getEventDelivery({ eventPk, locale });
  if (!event) notFound();
  // A notice's receipts: who has read it, and for a must-read one, who has acknowledged it.
  const postId =
    event.type === "board.notice.published" ? ((event.cloudEvent as { subject?: unknown }).subject as string | undefined) : undefined;

  const facts: [string, string, string?][] = [
    [at(locale, "event.type"), event.type, "font-mono text-xs"],
    [at(locale, "event.source"), event.source, "font-mono text-xs"],
    [at(locale, "event.eventId"), event.eventId, "font-mono text-xs break-all"],
    [at(locale, "event.time"), formatInstant(event.time, locale)],
    [at(locale, "event.receivedAt"), formatInstant(event.receivedAt, locale)],
    [at(locale, "event.topic"), event.kafka.topic, "font-mono text-xs"],
    [at(locale, "event.partition"), String(event.kafka.partition)],
    [at(locale, "event.offset"), event.kafka.offset],
  ];

  return (
    <AdminShell
      locale={locale}
      current={null}
      title={event.title}
      actions={
        <div className="flex flex-wrap items-center gap-4">
          {postId ? (
            <Link
              href={`/admin/notices/${encodeURIComponent(postId)}`}
              data-testid="event-receipts"
              className="text-sm font-medium text-accent hover:underline"
            >
              {at(locale, "receipts.open")}
            </Link>
          ) : null}
          <Link href="/admin/notifications" className="text-sm font-medium text-accent hover:underline">
            ← {at(locale, "event.back")}
          </Link>
        </div>
      }
    >
      <dl
        data-testid="event-facts"
        className="mt-6 grid grid-cols-1 gap-x-6 gap-y-3 rounded-xl border border-line bg-surface p-4 min-[480px]:grid-cols-2 lg:grid-cols-4"
      >
        {facts.map(([label, value, className]) => (
          <div key={label} className="min-w-0">
            <dt className="text-xs font-medium text-fg-muted">{label}</dt>
            <dd className={`mt-0.5 text-sm tabular-nums ${className ?? ""}`}>{value}</dd>
          </div>
        ))}
      </dl>

      {event.thread ? (
        <section aria-labelledby="thread-heading" className="mt-8">
          <h2 id="thread-heading" className="text-base font-semibold tracking-tight">
            {at(locale, "event.threadHeading", { count: event.thread.events.length })}
          </h2>
          <p className="mt-1 font-mono text-xs break-all text-fg-subtle">{event.thread.key}</p>
          <ol
            data-testid="event-thread"
            aria-label={at(locale, "event.threadLabel")}
            className="mt-3 divide-y divide-line rounded-xl border border-line bg-surface"
          >
            {event.thread.events.map((e) => (
              <li key={e.id} data-testid="thread-event" className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2 text-sm">
                <span className="tabular-nums text-fg-muted">{formatInstant(e.time ?? e.receivedAt, locale)}</span>
                <span className="font-mono text-xs">{e.type}</span>
                {e.id === event.id ? (
                  <span aria-current="page" className="font-medium">
                    {e.title} <span className="text-xs text-fg-subtle">({at(locale, "event.threadThis")})</span>
                  </span>
                ) : (
                  <Link href={`/admin/events/${e.id}`} className="font-medium text-accent hover:underline">
                    {e.title}
                  </Link>
                )}
                <span className="ml-auto text-xs text-fg-subtle">{at(locale, "event.threadRecipients", { count: e.recipients })}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="recipients-heading" className="mt-8">
        <h2 id="recipients-heading" className="text-base font-semibold tracking-tight">
          {at(locale, "event.recipientsHeading", { count: event.recipients.length })}
        </h2>
        <EventRecipientsTable recipients={event.recipients} locale={locale} />
      </section>

      <section aria-labelledby="payload-heading" className="mt-8">
        <h2 id="payload-heading" className="text-base font-semibold tracking-tight">
          {at(locale, "event.payloadHeading")}
        </h2>
        {/* Text, never HTML: React escapes it, whatever a producer put in the event. */}
        <pre
          data-testid="event-payload"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard (axe: scrollable-region-focusable)
          tabIndex={0}
          className="mt-3 max-h-[32rem] overflow-auto rounded-xl border border-line bg-surface-muted p-4 font-mono text-xs leading-relaxed whitespace-pre"
        >
          {JSON.stringify(event.cloudEvent, null, 2)}
        </pre>
      </section>
    </AdminShell>
  );
}
