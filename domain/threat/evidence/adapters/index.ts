// Capture formats → evidence: the one entry point the API (`?format=`), the CLI
// (`bulwark evidence import`) and the Kafka consumer (`format` of an event) share.
import { readAwsWaf } from './aws-waf';
import { readCombined } from './combined';
import { readHar } from './har';
import { readModsecAudit } from './modsec-audit';
import { groupSessions, type Session, type SessionOptions } from './sessions';
import { CAPTURE_FORMATS, type AdapterError, type AdapterResult, type CaptureFormat } from './types';

export { CAPTURE_FORMATS, type AdapterError, type CaptureFormat } from './types';
export { SESSION_GAP_MS, type Session } from './sessions';

const READERS: Record<CaptureFormat, (text: string) => AdapterResult> = {
  har: readHar,
  'modsec-audit': readModsecAudit,
  'aws-waf': readAwsWaf,
  combined: readCombined,
};

export function isCaptureFormat(v: unknown): v is CaptureFormat {
  return typeof v === 'string' && (CAPTURE_FORMATS as readonly string[]).includes(v);
}

export interface Conversion {
  sessions: Session[];
  /** Entries that could not be read, each with its line or entry number. */
  errors: AdapterError[];
  /** Entries read successfully. */
  accepted: number;
}

/**
 * A capture file exactly as its source wrote it → evidence sessions (grouped by client and
 * time window, ids derived from content) and the entries that could not be read.
 */
export function convertCapture(format: CaptureFormat, text: string, opts: SessionOptions = {}): Conversion {
  const { requests, errors } = READERS[format](text);
  return { sessions: groupSessions(format, requests, opts), errors, accepted: requests.length };
}

/**
 * The format of a capture file, from its name and first bytes: `.har` or a JSON document with
 * `log.entries` → har; JSON lines with `transaction` → modsec-audit, with `httpRequest` →
 * aws-waf; a JSON object with `requests` → bulwark; a line starting `host - user [` (or `vhost:port host - user [`) → combined.
 */
export function guessFormat(fileName: string, text: string): CaptureFormat | 'bulwark' | undefined {
  if (/\.har$/i.test(fileName)) return 'har';
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 4096);
  if (head.startsWith('{')) {
    const firstLine = head.split('\n')[0];
    if (/"transaction"\s*:/.test(firstLine)) return 'modsec-audit';
    if (/"httpRequest"\s*:/.test(firstLine)) return 'aws-waf';
    if (/"log"\s*:/.test(head) && /"entries"\s*:/.test(text)) return 'har';
    if (/"requests"\s*:/.test(text)) return 'bulwark';
    return undefined;
  }
  if (/^(?:\S+:\d+ )?\S+ \S+ \S+ \[[^\]]+\] "/.test(head)) return 'combined';
  return undefined;
}
