// HTTP pieces every adapter needs: a request target split into path and query, header lists
// folded into one record, form bodies decoded. Pure; never throws on attacker-shaped input
// (a malformed %-escape is kept as written: the classifier must see what was sent).
import type { CapturedRequest } from '../schema';

type Params = Record<string, string>;

/** decodeURIComponent that keeps text with a malformed escape as it was; `+` is a space in forms. */
export function lenientDecode(s: string, plusIsSpace = true): string {
  const t = plusIsSpace ? s.replace(/\+/g, ' ') : s;
  try {
    return decodeURIComponent(t);
  } catch {
    // Decode the well-formed escapes one by one; leave the rest.
    return t.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * Adds name=value to a record; a repeated name is kept as `name[2]`, `name[3]`… so no value is
 * lost (the classifier reads every one).
 */
export function addParam(into: Params, name: string, value: string): void {
  if (!(name in into)) {
    into[name] = value;
    return;
  }
  let i = 2;
  while (`${name}[${i}]` in into) i++;
  into[`${name}[${i}]`] = value;
}

/** `a=1&b=%27x` → { a: '1', b: "'x" }; empty pairs are skipped, a name without `=` has value ''. */
export function parseQueryString(qs: string): Params {
  const out: Params = {};
  for (const pair of qs.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    addParam(out, lenientDecode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : lenientDecode(pair.slice(eq + 1)));
  }
  return out;
}

/**
 * A request target (`/a/b?x=1`, or an absolute URL as proxies and HAR write it) → path and query.
 * The path keeps its %-escapes decoded leniently; an empty path is `/`.
 */
export function splitTarget(target: string): { path: string; query: Params; host?: string } {
  let rest = target;
  let host: string | undefined;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(.*)$/i.exec(target);
  if (abs) {
    host = abs[1];
    rest = abs[2];
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  const path = lenientDecode(rawPath, false) || '/';
  return { path: path.slice(0, 8192), query: q < 0 ? {} : parseQueryString(rest.slice(q + 1)), ...(host ? { host } : {}) };
}

/** Header list → record with lower-case names; repeats joined as HTTP folds them (`; ` for cookies). */
export function headerRecord(list: Iterable<[string, string]>): Params {
  const out: Params = {};
  for (const [rawName, value] of list) {
    const name = rawName.toLowerCase();
    if (name in out) out[name] = `${out[name]}${name === 'cookie' ? '; ' : ', '}${value}`;
    else out[name] = value;
  }
  return out;
}

/** A form body (`application/x-www-form-urlencoded`) becomes fields; anything else stays text. */
export function bodyFrom(text: string | undefined, contentType: string | undefined): CapturedRequest['body'] {
  if (text === undefined || text === '') return undefined;
  if (/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) return parseQueryString(text);
  return text.slice(0, 1_000_000);
}

/** A status code the schema accepts (100..599), else undefined (HAR writes 0 for aborted requests). */
export function statusOf(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}
