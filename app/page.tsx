import { redirect } from "next/navigation";
import { ServiceCard } from "@/components/service-card";
import { SERVICES } from "@/components/service-icon";
import { StrokeIcon } from "@/components/stroke-icon";
import { intlLocale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { requestContext } from "./request-context";

// The groupware home (the layout adds the header and its bell, and the title: the product's name).
// The service cards are placeholders for the real apps.
export default async function HomePage() {
  const { user, locale } = await requestContext();
  if (!user) redirect("/login");
  const today = new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: "full",
    timeZone: "Asia/Seoul",
  }).format(new Date());

  return (
    <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-12">
      <section aria-labelledby="home-greeting">
        <p className="text-sm font-medium text-fg-subtle">{today}</p>
        <h1 id="home-greeting" className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">
          {t(locale, "home.greeting", { name: user.name })}
        </h1>
        <p className="mt-2 max-w-2xl text-[0.9375rem] leading-relaxed text-fg-muted">{t(locale, "home.subtitle")}</p>
      </section>

      <section aria-labelledby="home-services" className="mt-10">
        <h2 id="home-services" className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">
          {t(locale, "home.servicesHeading")}
        </h2>
        <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {SERVICES.map((service) => (
            <li key={service}>
              <ServiceCard service={service} locale={locale} />
            </li>
          ))}
        </ul>
      </section>

      <section
        aria-labelledby="home-live"
        className="mt-10 flex flex-col gap-4 rounded-xl border border-line bg-surface p-5 sm:flex-row sm:items-start sm:p-6"
      >
        <span aria-hidden="true" className="inline-flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent">
          <StrokeIcon>
            <path d="M13 2 4 14h7l-1 8 9-12h-7z" />
          </StrokeIcon>
        </span>
        <div>
          <h2 id="home-live" className="text-base font-semibold tracking-tight">
            {t(locale, "home.liveHeading")}
          </h2>
          <p className="mt-1 text-sm leading-relaxed text-fg-muted">{t(locale, "home.liveBody")}</p>
          <p className="mt-3 text-xs text-fg-subtle">{t(locale, "home.keyboardHint")}</p>
        </div>
      </section>
    </main>
  );
}
