import { type Service, ServiceIcon } from "./service-icon";

// Who did it, as initials in a tinted circle; with `service`, that service's icon as a small badge
// on its corner. Decorative: the row says the actor's name and the service in words.

const TINTS = [
  "bg-violet-100 text-violet-800 dark:bg-violet-500/20 dark:text-violet-200",
  "bg-sky-100 text-sky-800 dark:bg-sky-500/20 dark:text-sky-200",
  "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/20 dark:text-emerald-200",
  "bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-200",
  "bg-rose-100 text-rose-800 dark:bg-rose-500/20 dark:text-rose-200",
  "bg-teal-100 text-teal-800 dark:bg-teal-500/20 dark:text-teal-200",
] as const;

export function ActorAvatar({ name, service, size = "md" }: { name: string; service?: Service; size?: "sm" | "md" }) {
  const box = size === "sm" ? "size-8 text-[0.6875rem]" : "size-10 text-xs";
  return (
    <span aria-hidden="true" className={`relative inline-flex shrink-0 ${box}`}>
      <span className={`inline-flex size-full items-center justify-center rounded-full font-semibold tracking-tight ${tintOf(name)}`}>
        {initialsOf(name)}
      </span>
      {service ? (
        <span className="absolute -right-1 -bottom-1 rounded-md bg-surface ring-2 ring-surface">
          <ServiceIcon service={service} size="xs" />
        </span>
      ) : null}
    </span>
  );
}

/**
 * "이서준" → "서준" (a Korean given name tells people apart better than the few common surnames),
 * "Jane Doe" → "JD", "admin" → "A".
 */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return "?";
  const chars = Array.from(trimmed);
  if (chars.every((char) => /\p{Script=Hangul}/u.test(char))) return chars.length >= 3 ? chars.slice(-2).join("") : trimmed;
  const words = trimmed.split(/\s+/);
  const initial = (word: string | undefined) => Array.from(word ?? "")[0] ?? "";
  return (initial(words[0]) + (words.length > 1 ? initial(words.at(-1)) : "")).toUpperCase();
}

function tintOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return TINTS[hash % TINTS.length] ?? TINTS[0];
}
