// Attack lists carry many payloads in the form they travel in a query string (`<img+src=x+
// onerror=…>`, `onmouseover%3dprompt(1)`); the app sees them after the server's one round of
// form decoding (`+` → space, %XX → byte). The oracles judge the value as given and, when it
// differs, as decoded — each labelled, so the evidence says which one did it.
import { percentDecodeOnce } from './path-decode';

export interface Variant {
  label: string; // '' for the value as given
  value: string;
}

export function requestVariants(payload: string): Variant[] {
  const out: Variant[] = [{ label: '', value: payload }];
  if (!/[+%]/.test(payload)) return out;
  const decoded = percentDecodeOnce(payload.replace(/\+/g, ' '), false);
  if (decoded !== payload) out.push({ label: ' (form-decoded)', value: decoded });
  return out;
}
