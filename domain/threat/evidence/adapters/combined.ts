// The "combined" access-log format, nginx's default and Apache's `LogFormat "%h %l %u %t
// \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"" combined`. Extra fields after the user agent
// (nginx `$http_x_forwarded_for`, Apache `%D`…) are ignored. Quoted fields may hold escapes:
// nginx writes `\xHH` for `"`, `\` and non-printables, Apache `\"` and `\\`; both are decoded so
// the classifier reads what the client sent. A request line that is not `METHOD target PROTOCOL`
// (TLS on a plain port, scanners' junk) is reported for its line, not guessed.
import { headerRecord, splitTarget, statusOf } from './http';
import { parseClfTimestamp } from './time';
import { EntryError, checkedRequest, numberedLines, readEach, type AdapterResult } from './types';

// An optional leading `vhost:port` is Apache's `vhost_combined` (`%v:%p %h %l %u %t ...`, the
// format of Debian's other_vhosts_access.log); it fills the Host header.
const LINE = /^(?:(\S+):\d+ )?(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?/;

/** `\xHH`, `\"`, `\\` → the bytes they stand for (bytes read as Latin-1 when not valid UTF-8). */
export function unescapeLogField(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const hex = c === '\\' && s[i + 1] === 'x' ? /^[0-9A-Fa-f]{2}$/.exec(s.slice(i + 2, i + 4)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 3;
    } else if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) {
      bytes.push(s.charCodeAt(++i));
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  const buf = Buffer.from(bytes);
  const utf8 = buf.toString('utf8');
  return utf8.includes('\uFFFD') ? buf.toString('latin1') : utf8;
}

function readLine(line: string) {
  const m = LINE.exec(line);
  if (!m) throw new EntryError('not a combined/common log line (host ident user [time] "request" status bytes ...)');
  const [, vhost, host, , , time, rawRequest, status, , referer, ua] = m;
  const timestamp = parseClfTimestamp(time);
  if (timestamp === undefined) throw new EntryError(`time [${time}] is not dd/Mon/yyyy:HH:MM:SS ±zzzz`);
  const request = unescapeLogField(rawRequest);
  const parts = /^([A-Za-z][A-Za-z-]{0,15}) (\S+)(?: (HTTP\/[\d.]+))?$/.exec(request);
  if (!parts) throw new EntryError(`request line ${JSON.stringify(request.slice(0, 80))} is not "METHOD target HTTP/x"`);
  const target = splitTarget(parts[2]);
  const headerList: [string, string][] = vhost ? [['host', vhost]] : [];
  if (referer !== undefined && referer !== '-') headerList.push(['referer', unescapeLogField(referer)]);
  if (ua !== undefined && ua !== '-') headerList.push(['user-agent', unescapeLogField(ua)]);
  const statusCode = statusOf(status);
  return checkedRequest({
    method: parts[1].toUpperCase(),
    path: target.path,
    query: target.query,
    headers: headerRecord(headerList),
    timestamp,
    clientIp: host,
    ...(ua && ua !== '-' ? { userAgent: unescapeLogField(ua).slice(0, 2048) } : {}),
    ...(statusCode ? { statusCode } : {}),
  });
}

/** Combined (or common) access-log lines → requests (`line N`) and per-line errors. */
export function readCombined(text: string): AdapterResult {
  return readEach(numberedLines(text), readLine);
}
