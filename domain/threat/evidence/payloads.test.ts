import { describe, expect, it } from 'vitest';
import { MAX_PAYLOADS_PER_REQUEST, PART_BUDGET, extractPayloads } from './payloads';
import { CapturedRequestSchema, type CapturedRequest } from './schema';

const req = (r: Partial<CapturedRequest>) => CapturedRequestSchema.parse({ method: 'POST', path: '/', timestamp: 0, clientIp: '192.0.2.1', ...r });
const at = (r: CapturedRequest) => Object.fromEntries(extractPayloads(r).map((p) => [p.location, p.value]));

describe('every attacker-controlled string is read', () => {
  it('reads every header value (custom ones too) but the documented safe ones, and each cookie', () => {
    const p = at(req({ headers: { 'X-Test': '10 AND 1=1', Accept: 'text/html', Host: 'a.example', Cookie: 'sid=abc; theme=<script>x</script>; $where=1' } }));
    expect(p['header.x-test']).toBe('10 AND 1=1');
    expect(p['header.accept']).toBeUndefined();
    expect(p['header.host']).toBeUndefined();
    expect(p['cookie.theme']).toBe('<script>x</script>');
    expect(p['cookie.sid']).toBe('abc');
    expect(p['cookie{name:$where}']).toBe('$where');
    expect(p['header.cookie']).toBeUndefined();
  });

  it('flattens JSON bodies, leaves and odd keys', () => {
    const p = at(req({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { name: "x' OR 1=1--", tags: ['a', '../../etc/passwd'] }, $ne: 1 }) }));
    expect(p['body.user.name']).toBe("x' OR 1=1--");
    expect(p['body.user.tags[1]']).toBe('../../etc/passwd');
    expect(p['body{key:$ne}']).toBe('$ne');
    expect(p['body.$ne']).toBe('1');
  });

  it('reads XML text, attributes and a DOCTYPE (XXE) from XML bodies', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r id="1 OR 1=1"><q>&lt;script&gt;</q><c><![CDATA[; cat /etc/shadow]]></c></r>';
    const values = extractPayloads(req({ headers: { 'content-type': 'application/xml' }, body: xml })).filter((p) => p.location.startsWith('body.xml')).map((p) => p.value);
    expect(values).toEqual(expect.arrayContaining(['1 OR 1=1', '<script>', '; cat /etc/shadow']));
    expect(values.some((v) => v.includes('SYSTEM "file:///etc/passwd"'))).toBe(true);
  });

  it('reads multipart fields, field names and file names', () => {
    const body = ['--XyZ', 'Content-Disposition: form-data; name="title"', '', '<svg onload=alert(1)>', '--XyZ', 'Content-Disposition: form-data; name="up"; filename="../../shell.php"', 'Content-Type: text/plain', '', 'data', '--XyZ', 'Content-Disposition: form-data; name="a\'b"', '', 'v', '--XyZ--', ''].join('\r\n');
    const p = at(req({ headers: { 'content-type': 'multipart/form-data; boundary=XyZ' }, body }));
    expect(p['body.title']).toBe('<svg onload=alert(1)>');
    expect(p['body.up.filename']).toBe('../../shell.php');
    expect(p["body{name:a'b}"]).toBe("a'b");
  });

  it('reads path segments and odd parameter names; locations are unique and bounded', () => {
    const r = req({ path: '/api/..%2f..%2fetc/passwd', query: { "1' or '1'='1": 'x', q: 'y' } });
    const list = extractPayloads(r);
    expect(at(r)['path.segment[1]']).toBe('..%2f..%2fetc');
    expect(at(r)["query{name:1' or '1'='1}"]).toBe("1' or '1'='1");
    expect(at(r)['query{name:q}']).toBeUndefined();
    expect(new Set(list.map((p) => p.location)).size).toBe(list.length);
    const huge = req({ body: JSON.stringify(Array.from({ length: 2000 }, (_, i) => `v${i}`)) });
    expect(extractPayloads(huge)).toHaveLength(MAX_PAYLOADS_PER_REQUEST);
  });

  it('bulk in one part cannot push another part out: a 2000-leaf body or 2000 parameters leave the custom header read', () => {
    const leaves = JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, `v${i}`])));
    const query = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`p${i}`, `q${i}`]));
    const list = extractPayloads(req({ headers: { 'content-type': 'application/json', 'x-test': '10 AND 1=1' }, query, body: leaves }));
    expect(list).toHaveLength(MAX_PAYLOADS_PER_REQUEST);
    expect(list).toContainEqual({ location: 'header.x-test', value: '10 AND 1=1' });
    expect(list.filter((p) => p.location.startsWith('query.'))).toHaveLength(PART_BUDGET.query);
    expect(list.filter((p) => p.location.startsWith('body.')).length).toBeGreaterThanOrEqual(MAX_PAYLOADS_PER_REQUEST - PART_BUDGET.path - PART_BUDGET.headers - PART_BUDGET.query);
  });
});
