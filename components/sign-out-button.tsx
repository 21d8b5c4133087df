"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOut } from "@/lib/client/auth-api";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { useNotificationsContext } from "./notifications-provider";
import { StrokeIcon } from "./stroke-icon";

export function SignOutButton({ locale }: { locale: Locale }) {
  const router = useRouter();
  const { signedOut } = useNotificationsContext();
  const [pending, setPending] = useState(false);

  async function leave() {
    setPending(true);
    let providerSignOut: string | null = null;
    try {
      ({ providerSignOut } = await signOut());
    } catch {
      // Offline: the session cookie stays, and /login sends us back home, which shows the truth.
    }
    // The person's other tabs leave too: the session they shared has ended.
    signedOut();
    // Signed in with the company account: end that session at the provider too, which sends the
    // browser back to /login. Stay "pending" through that navigation.
    if (providerSignOut) {
      window.location.assign(providerSignOut);
      return;
    }
    router.replace("/login");
    router.refresh();
  }

  const label = t(locale, pending ? "header.signingOut" : "header.signOut");
  return (
    <button
      type="button"
      onClick={leave}
      disabled={pending}
      aria-label={label}
      data-testid="sign-out"
      className="inline-flex h-9 items-center gap-2 rounded-lg px-2 text-sm font-medium text-fg-muted transition-colors hover:bg-surface-hover hover:text-fg disabled:opacity-60 sm:px-3"
    >
      <StrokeIcon className="size-[1.125rem]">
        <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
        <path d="m16 17 5-5-5-5" />
        <path d="M21 12H9" />
      </StrokeIcon>
      <span className="hidden sm:inline">{label}</span>
    </button>
  );
}
