// Postgres text and jsonb cannot hold U+0000, but evidence must keep it: null-byte injection
// (`%00`, `\u0000`) is a real attack, and the verdict's explanation quotes the payload. So the
// strings Bulwark derives from evidence are written with a reversible escape:
//
//   U+0000 (NUL)              → U+2400 '0'   ("␀0")
//   U+2400 (SYMBOL FOR NULL)  → U+2400 U+2400 ("␀␀")
//
// Every other character is unchanged, so the common case (no NUL, no ␀) stores the string
// as is. The code is prefix-free, hence `unescapeNul(escapeNul(s)) === s` for every string.
// The evidence bytes themselves are never escaped: the object store keeps them as received.

const MARK = '\u2400';

/** `s` with NUL and ␀ escaped as above; safe for Postgres text and jsonb. */
export function escapeNul(s: string): string {
  if (!s.includes('\u0000') && !s.includes(MARK)) return s;
  return s.replace(/[\u0000\u2400]/g, (c) => (c === MARK ? MARK + MARK : `${MARK}0`));
}

/** Inverse of escapeNul. A lone ␀ (not written by escapeNul) is kept as is. */
export function unescapeNul(s: string): string {
  if (!s.includes(MARK)) return s;
  return s.replace(/\u2400([0\u2400])/g, (_, c: string) => (c === '0' ? '\u0000' : MARK));
}

function deep(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => deep(v, f));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), deep(v, f)]));
  }
  return value;
}

/** escapeNul on every string (keys included) of a JSON-like value, for a jsonb column. */
export function escapeNulDeep<T>(value: T): T {
  return deep(value, escapeNul) as T;
}

/** unescapeNul on every string (keys included) of a value read back from Postgres. */
export function unescapeNulDeep<T>(value: T): T {
  return deep(value, unescapeNul) as T;
}
