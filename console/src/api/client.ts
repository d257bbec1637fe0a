// The console's only way to the API: openapi-fetch typed by schema.d.ts, which is generated
// from /openapi.json (`npm run console:api`). Same origin; a token, when one is set, goes
// with every call as a bearer token.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

const TOKEN_KEY = 'bulwark.token';

export const tokenStore = {
  get: (): string => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (token: string) => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY)),
};

const auth: Middleware = {
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The API's error body; anything else (a proxy's HTML, a network failure) becomes one. */
export interface ApiProblem {
  code: string;
  message: string;
}

/** An error answer in words: "message (code, HTTP status)". */
export function describeProblem(error: unknown, status?: number): string {
  const p = error as Partial<ApiProblem> | undefined;
  const where = status ? `, HTTP ${status}` : '';
  if (p && typeof p.message === 'string') return `${p.message} (${p.code ?? 'error'}${where})`;
  return `the request failed${where ? ` (${where.slice(2)})` : ''}`;
}

/**
 * Unwraps an openapi-fetch answer: the data, or throws an Error whose message is the API's
 * `{code, message}` in words, so a failed action can never look successful.
 */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let res;
  try {
    res = await p;
  } catch (err) {
    throw new Error(`the API could not be reached: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (res.error !== undefined || !res.response.ok) throw new Error(describeProblem(res.error, res.response.status));
  return res.data as T;
}
