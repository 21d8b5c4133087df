import type { Metadata } from "next";
import Link from "next/link";
import { StrokeIcon } from "@/components/stroke-icon";
import { at } from "@/lib/i18n/admin-messages";
import { requestContext } from "./request-context";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: at(locale, "forbidden.pageTitle") };
}

// What forbidden() shows (status 403): a signed-in person who is not allowed on this page.
export default async function Forbidden() {
  const { locale } = await requestContext();
  return (
    <main className="mx-auto flex w-full max-w-xl flex-1 flex-col items-center justify-center px-4 py-16 text-center">
      <span aria-hidden="true" className="inline-flex size-12 items-center justify-center rounded-2xl bg-danger-soft text-danger-fg">
        <StrokeIcon className="size-6">
          <rect x="4" y="11" width="16" height="10" rx="2" />
          <path d="M8 11V7a4 4 0 0 1 8 0v4" />
        </StrokeIcon>
      </span>
      <p className="mt-4 text-sm font-semibold text-fg-subtle">403</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">{at(locale, "forbidden.heading")}</h1>
      <p className="mt-2 text-[0.9375rem] leading-relaxed text-fg-muted">{at(locale, "forbidden.body")}</p>
      <Link
        href="/"
        className="mt-6 inline-flex h-10 items-center rounded-lg bg-accent-solid px-4 text-sm font-medium text-accent-fg transition-colors hover:bg-accent-solid-hover"
      >
        {at(locale, "forbidden.home")}
      </Link>
    </main>
  );
}
