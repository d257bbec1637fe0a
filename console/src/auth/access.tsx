// Who the console acts as and what they may do: GET /api/v1/auth/whoami (name and role from the
// bearer token) and each operation's least role from /openapi.json (`x-bulwark-role`), so a
// control the role lacks is disabled with the reason, never offered and then refused. Auth off:
// whoami says admin and everything is allowed.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';

export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface WhoAmI {
  auth: boolean;
  name: string | null;
  role: Role;
}

interface Access {
  /** undefined while loading; null when the API refused the token (401): log in. */
  me: WhoAmI | null | undefined;
  error?: string;
  /** `METHOD /openapi/{path}` → least role. */
  roles: Map<string, string>;
  refresh: () => void;
}

const USER_KEY = 'bulwark.user';
/** With auth on, the token's name: the API refuses a body naming anyone else (403 identity_mismatch). */
let tokenName: string | null = null;

/** The name the console sends as requester/approver/reviewer: the token's with auth on, else "Acting as" ("console" until set). */
export function currentUser(): string {
  return tokenName ?? (localStorage.getItem(USER_KEY) || 'console');
}

/** Sets the "Acting as" name (auth off). */
export function setActingAs(name: string) {
  localStorage.setItem(USER_KEY, name.trim());
}

const AccessContext = createContext<Access>({ me: undefined, roles: new Map(), refresh: () => {} });

/** Reads whoami and the document's roles; `refresh` after the token changes. */
export function AccessProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<WhoAmI | null>();
  const [error, setError] = useState<string>();
  const [roles, setRoles] = useState(new Map<string, string>());
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    api.GET('/api/v1/auth/whoami').then(
      ({ data, error: problem, response }) => {
        tokenName = data?.auth ? data.name : null;
        if (data) return (setMe(data), setError(undefined));
        setMe(response.status === 401 ? null : undefined);
        setError((problem as { message?: string } | undefined)?.message ?? `HTTP ${response.status}`);
      },
      (e: Error) => setError(`the API could not be reached: ${e.message}`),
    );
  }, [tick]);
  useEffect(() => {
    fetch('/openapi.json')
      .then((r) => r.json() as Promise<{ paths: Record<string, Record<string, { 'x-bulwark-role'?: string }>> }>)
      .then((doc) => {
        const m = new Map<string, string>();
        for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) m.set(`${method.toUpperCase()} ${path}`, op['x-bulwark-role'] ?? 'viewer');
        setRoles(m);
      })
      .catch(() => setRoles(new Map()));
  }, []);
  return <AccessContext.Provider value={{ me, error, roles, refresh }}>{children}</AccessContext.Provider>;
}

export const useAccess = () => useContext(AccessContext);

/** Whether the caller may call `METHOD path` (an OpenAPI path), and if not, why in words. */
export function useCan(method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string): { allowed: boolean; why?: string } {
  const { me, roles } = useAccess();
  const need = roles.get(`${method} ${path}`) ?? (method === 'GET' ? 'viewer' : 'operator');
  if (need === 'public' || me?.auth === false) return { allowed: true };
  if (!me) return { allowed: false, why: 'log in with a token first' };
  const ok = ROLES.indexOf(me.role) >= ROLES.indexOf(need as Role);
  return ok ? { allowed: true } : { allowed: false, why: `needs the ${need} role; your token has ${me.role}` };
}

/** The name the API records for this browser's actions: the token's name when auth is on. */
export function useActor(fallback: string): string {
  const { me } = useAccess();
  return me?.auth && me.name ? me.name : fallback;
}
