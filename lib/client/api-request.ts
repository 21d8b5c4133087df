// Every call the browser makes to our API goes through here (the wrappers in this folder, one per
// route): JSON in and out, never cached, and an answer that is not OK becomes an ApiError with the
// status and the server's message (docs/api.md, "Errors").

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiAnswer<T> {
  body: T;
  headers: Headers;
}

/** The answer's JSON (undefined for a 204) and headers; an ApiError when it is not OK. */
export async function apiRequest<T>(url: string, init: RequestInit = {}): Promise<ApiAnswer<T>> {
  const response = await fetch(url, {
    ...init,
    cache: "no-store",
    headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(response.status, body?.error?.message ?? `${init.method ?? "GET"} ${url} answered ${response.status}`);
  }
  return { body: (response.status === 204 ? undefined : await response.json()) as T, headers: response.headers };
}

/** The same, when only the body matters. */
export async function apiBody<T>(url: string, init: RequestInit = {}): Promise<T> {
  return (await apiRequest<T>(url, init)).body;
}
