"use client";

import { usePathname, useSearchParams } from "next/navigation";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { StrokeIcon } from "./stroke-icon";

interface Props {
  locale: Locale;
  /** The page to land on after signing in, or "here": the page this panel is shown on. */
  next: string | "here";
}

// Company sign-in is a plain link: the browser goes to the identity provider and comes back through
// /api/auth/oidc/callback, which checks where it may land (lib/auth/oidc/next-path.ts).
export function CompanySignInButton({ locale, next }: Props) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const target = next === "here" ? `${pathname}${search ? `?${search}` : ""}` : next;
  const href = target === "/" ? "/api/auth/oidc/login" : `/api/auth/oidc/login?${new URLSearchParams({ next: target })}`;
  return (
    <a
      href={href}
      data-testid="company-sign-in"
      className="inline-flex h-10 w-full items-center justify-center gap-2 rounded-lg bg-accent-solid px-4 text-[0.9375rem] font-semibold text-accent-fg transition-colors hover:bg-accent-solid-hover"
    >
      <StrokeIcon className="size-[1.125rem]">
        <path d="M4 21V5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v16" />
        <path d="M16 9h2a2 2 0 0 1 2 2v10" />
        <path d="M3 21h18" />
        <path d="M8 7h4M8 11h4M8 15h4" />
      </StrokeIcon>
      {t(locale, "login.oidc.button")}
    </a>
  );
}
