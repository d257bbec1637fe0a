// AWS WAF (v2) full logs, one JSON object per line as Firehose, S3 and CloudWatch Logs deliver
// them: `timestamp` (epoch ms), `action`, `terminatingRuleId`, `httpRequest.{clientIp, country,
// headers[{name, value}], uri, args, httpMethod}`. AWS WAF does not log bodies; `responseCodeSent`
// (set only when a rule sent a custom response) is the status when present. The action and the
// terminating rule become tags (`awswaf:BLOCK`, `awswaf-rule:<id>`).
import { headerRecord, parseQueryString, splitTarget, statusOf } from './http';
import { parseAnyTimestamp } from './time';
import { EntryError, checkedRequest, isObject, numberedLines, parseJsonEntry, readEach, requireString, type AdapterResult } from './types';

function readLine(line: string) {
  const doc = parseJsonEntry(line);
  if (!isObject(doc) || !isObject(doc.httpRequest)) throw new EntryError('not an AWS WAF log entry: "httpRequest" is missing');
  const hr = doc.httpRequest;
  const timestamp = parseAnyTimestamp(doc.timestamp);
  if (timestamp === undefined) throw new EntryError(`timestamp ${JSON.stringify(doc.timestamp)} is neither epoch milliseconds nor ISO-8601`);
  const list = Array.isArray(hr.headers) ? hr.headers.filter(isObject) : [];
  const headers = headerRecord(list.map((h): [string, string] => [String(h.name ?? ''), String(h.value ?? '')]));
  const target = splitTarget(typeof hr.uri === 'string' && hr.uri ? hr.uri : '/');
  const query = typeof hr.args === 'string' && hr.args ? parseQueryString(hr.args) : target.query;
  const country = typeof hr.country === 'string' && hr.country !== '-' ? hr.country : undefined;
  const status = statusOf(doc.responseCodeSent);
  const tags = [
    typeof doc.action === 'string' ? `awswaf:${doc.action}` : undefined,
    typeof doc.terminatingRuleId === 'string' ? `awswaf-rule:${doc.terminatingRuleId}` : undefined,
  ].filter((t): t is string => !!t).map((t) => t.slice(0, 64));
  return checkedRequest({
    method: requireString(hr, 'httpMethod', 'httpRequest').toUpperCase(),
    path: target.path,
    query,
    headers,
    timestamp,
    clientIp: requireString(hr, 'clientIp', 'httpRequest'),
    ...(headers['user-agent'] ? { userAgent: headers['user-agent'].slice(0, 2048) } : {}),
    ...(country ? { geo: { country } } : {}),
    ...(status ? { statusCode: status } : {}),
    tags,
  });
}

/** AWS WAF log lines → requests (`line N`) and per-line errors. */
export function readAwsWaf(text: string): AdapterResult {
  return readEach(numberedLines(text), readLine);
}
