"use client";

import { useState } from "react";
import { t } from "@/lib/i18n/messages";
import { useNotificationsContext } from "./notifications-provider";
import { StrokeIcon } from "./stroke-icon";

/**
 * 한국어 ⇄ English, remembered for the person (every device); until they choose, the browser's
 * language decides. The label is written in the language it switches to, for whoever reads that one.
 */
export function LanguageSwitch() {
  const { locale, switchLocale } = useNotificationsContext();
  const [pending, setPending] = useState(false);
  const next = locale === "ko" ? "en" : "ko";

  async function onClick() {
    setPending(true);
    try {
      await switchLocale(next);
    } finally {
      setPending(false);
    }
  }

  return (
    <button
      type="button"
      lang={next}
      data-testid="language-switch"
      onClick={onClick}
      disabled={pending}
      aria-label={t(locale, "header.switchLanguage")}
      className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-fg-muted transition-colors hover:bg-surface-hover hover:text-fg disabled:opacity-60"
    >
      <StrokeIcon className="size-[1.125rem]">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
      </StrokeIcon>
      <span className="hidden sm:inline">{t(locale, "header.otherLanguage")}</span>
      <span className="sm:hidden">{t(locale, "header.otherLanguageShort")}</span>
    </button>
  );
}
