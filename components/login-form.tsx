"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "@/lib/client/api-request";
import { signIn } from "@/lib/client/auth-api";
import type { Locale } from "@/lib/i18n/locale";
import { type MessageKey, t } from "@/lib/i18n/messages";

interface Props {
  locale: Locale;
  /** A demo account to offer (null: none is offered). */
  demo: { email: string; password: string } | null;
  /** Where a successful sign-in goes: the home page, or this page rendered again with the session. */
  then: "home" | "stay";
}

export function LoginForm({ locale, demo, then }: Props) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<MessageKey | null>(null);
  const [pending, setPending] = useState(false);
  const ids = { email: useId(), password: useId(), error: useId() };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const failure = await logIn(email, password);
    if (failure) {
      setError(failure);
      setPending(false);
      return;
    }
    // Stay "pending" through the navigation so the button cannot be pressed twice.
    if (then === "home") router.replace("/");
    router.refresh();
  }

  function fillDemo(account: { email: string; password: string }) {
    setEmail(account.email);
    setPassword(account.password);
    setError(null);
  }

  const describedBy = error ? ids.error : undefined;
  const inputClass =
    "mt-1.5 block h-10 w-full rounded-lg border border-line-strong bg-surface px-3 text-[0.9375rem] text-fg placeholder:text-fg-subtle transition-colors hover:border-fg-subtle focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-0 aria-invalid:border-danger";

  return (
    <>
      <form onSubmit={submit} className="space-y-4">
        <div>
          <label htmlFor={ids.email} className="block text-sm font-medium">
            {t(locale, "login.email")}
          </label>
          <input
            id={ids.email}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={error === "login.error.invalidCredentials" || undefined}
            aria-describedby={describedBy}
            placeholder="name@groupware.test"
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor={ids.password} className="block text-sm font-medium">
            {t(locale, "login.password")}
          </label>
          <input
            id={ids.password}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={error === "login.error.invalidCredentials" || undefined}
            aria-describedby={describedBy}
            className={inputClass}
          />
        </div>

        {error ? (
          <p
            id={ids.error}
            role="alert"
            data-testid="login-error"
            className="flex items-start gap-2 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger-fg"
          >
            <svg
              aria-hidden="true"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth={2}
              strokeLinecap="round"
              strokeLinejoin="round"
              className="mt-0.5 size-4 shrink-0"
            >
              <circle cx="12" cy="12" r="9" />
              <path d="M12 8v4M12 16h.01" />
            </svg>
            {t(locale, error)}
          </p>
        ) : null}

        <button
          type="submit"
          disabled={pending}
          className="inline-flex h-10 w-full items-center justify-center rounded-lg bg-accent-solid px-4 text-[0.9375rem] font-semibold text-accent-fg transition-colors hover:bg-accent-solid-hover disabled:cursor-wait disabled:opacity-70"
        >
          {t(locale, pending ? "login.submitting" : "login.submit")}
        </button>
      </form>

      {demo ? (
        <div data-testid="demo-hint" className="mt-6 border-t border-line pt-4 text-xs leading-relaxed text-fg-subtle">
          <p className="text-fg-muted">{t(locale, "login.demoHint", { email: demo.email, password: demo.password })}</p>
          <p className="mt-0.5">{t(locale, "login.demoHintMore")}</p>
          <button
            type="button"
            onClick={() => fillDemo(demo)}
            className="mt-2 rounded font-medium text-accent underline-offset-4 hover:underline"
          >
            {t(locale, "login.demoFill")}
          </button>
        </div>
      ) : null}
    </>
  );
}

/** Signs in; resolves to null on success, otherwise the message to show. */
async function logIn(email: string, password: string): Promise<MessageKey | null> {
  try {
    await signIn({ email: email.trim(), password });
    return null;
  } catch (error) {
    return error instanceof ApiError ? messageFor(error.status) : "login.error.network";
  }
}

function messageFor(status: number): MessageKey {
  switch (status) {
    case 400:
      return "login.error.badInput";
    case 401:
      return "login.error.invalidCredentials";
    case 429:
      return "login.error.tooManyAttempts";
    default:
      return "login.error.unexpected";
  }
}
