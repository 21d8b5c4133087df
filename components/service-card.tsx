import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { type KnownService, ServiceIcon } from "./service-icon";

/** A home-page card for one groupware service and the notifications it sends. */
export function ServiceCard({ service, locale }: { service: KnownService; locale: Locale }) {
  const headingId = `service-${service}`;
  return (
    <article
      aria-labelledby={headingId}
      data-testid={`service-card-${service}`}
      className="group flex h-full flex-col rounded-xl border border-line bg-surface p-5 transition-[border-color,box-shadow] hover:border-line-strong hover:shadow-popover"
    >
      <ServiceIcon service={service} size="lg" />
      <h3 id={headingId} className="mt-4 text-base font-semibold tracking-tight">
        {t(locale, `service.${service}`)}
      </h3>
      <p className="mt-1.5 text-sm leading-relaxed text-fg-muted">{t(locale, `home.${service}.description`)}</p>
      <div className="mt-auto pt-5">
        <div className="border-t border-line pt-3">
          <p className="text-xs font-medium text-fg-subtle">{t(locale, "home.notifiesAbout")}</p>
          <p className="mt-1 text-xs leading-relaxed text-fg-muted">{t(locale, `home.${service}.events`)}</p>
        </div>
      </div>
    </article>
  );
}
