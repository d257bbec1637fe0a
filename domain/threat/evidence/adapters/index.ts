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
