// ModSecurity v3 JSON audit log (`SecAuditLogFormat JSON`), one transaction per line as the
// Serial log type writes it (the Concurrent type writes the same object, one per file):
// `transaction.{client_ip, time_stamp, request.{method, uri, headers, body}, response.http_code,
// messages[]}`. `time_stamp` is asctime without a zone (the server's local time, read as UTC);
// an ISO-8601 `time_stamp` (as some connectors and Coraza write) is accepted too. The rule ids of
// `messages[].details.ruleId` become tags (`modsec:<id>`).
import { bodyFrom, headerRecord, splitTarget, statusOf } from './http';
import { parseAsctimeTimestamp, parseClfTimestamp, parseIsoTimestamp } from './time';
import { EntryError, checkedRequest, isObject, numberedLines, parseJsonEntry, readEach, requireString, type AdapterResult } from './types';

function headerEntries(v: unknown): [string, string][] {
  if (!isObject(v)) return [];
  // Coraza writes each header as an array of values; ModSecurity as one string.
  return Object.entries(v).flatMap(([k, val]) => (Array.isArray(val) ? val.map((x): [string, string] => [k, String(x)]) : [[k, String(val)]]));
}

function ruleTags(messages: unknown): string[] {
  if (!Array.isArray(messages)) return [];
  const ids = messages.map((m) => (isObject(m) && isObject(m.details) ? m.details.ruleId : undefined)).filter((id) => typeof id === 'string' && id);
  return [...new Set(ids as string[])].slice(0, 31).map((id) => `modsec:${id}`.slice(0, 64));
}

function readLine(line: string) {
  const doc = parseJsonEntry(line);
  if (!isObject(doc) || !isObject(doc.transaction)) throw new EntryError('not a ModSecurity JSON audit entry: "transaction" is missing');
  const tx = doc.transaction;
  if (!isObject(tx.request)) throw new EntryError('transaction.request is missing');
  const stamp = requireString(tx, 'time_stamp', 'transaction');
  const timestamp = parseAsctimeTimestamp(stamp) ?? parseIsoTimestamp(stamp) ?? parseClfTimestamp(stamp);
  if (timestamp === undefined) throw new EntryError(`transaction.time_stamp "${stamp}" is neither asctime nor ISO-8601`);
  const headers = headerRecord(headerEntries(tx.request.headers));
  const target = splitTarget(requireString(tx.request, 'uri', 'transaction.request'));
  const status = statusOf(isObject(tx.response) ? tx.response.http_code ?? tx.response.status : undefined);
  return checkedRequest({
    method: requireString(tx.request, 'method', 'transaction.request').toUpperCase(),
    path: target.path,
    query: target.query,
    headers,
    body: bodyFrom(typeof tx.request.body === 'string' ? tx.request.body : undefined, headers['content-type']),
    timestamp,
    clientIp: requireString(tx, 'client_ip', 'transaction'),
    ...(headers['user-agent'] ? { userAgent: headers['user-agent'].slice(0, 2048) } : {}),
    ...(status ? { statusCode: status } : {}),
    tags: ruleTags(tx.messages ?? doc.messages),
  });
}

/** A ModSecurity v3 JSON audit log (one JSON object per line) → requests (`line N`) and per-line errors. */
export function readModsecAudit(text: string): AdapterResult {
  return readEach(numberedLines(text), readLine);
}
