// "Every attacker-controlled string is read", per adapter: what each format carries (custom
// headers, cookies, JSON / XML / multipart bodies, path segments, parameter names) arrives in
// requestPayloads, the list the classifier reads; and through the real inference engine an
// attack in a custom header is found at that header.
import { describe, expect, it } from 'vitest';
import { defaultAnomalyModel } from '../../detection/anomaly';
import { createInferenceEngine } from '../../detection/engine';
import { defaultModel } from '../../detection/model-io';
import { requestPayloads, type CapturedRequest } from '../schema';
import { convertCapture, type CaptureFormat } from './index';

const requestsOf = (format: CaptureFormat, text: string) => {
  const c = convertCapture(format, text);
  expect(c.errors).toEqual([]);
  return c.sessions.flatMap((s) => s.evidence.requests);
};
const read = (r: CapturedRequest) => Object.fromEntries(requestPayloads(r).map((p) => [p.location, p.value]));

const SQLI = '10 AND 1=1';
const XSS = '<script>alert(document.cookie)</script>';
const JSON_BODY = JSON.stringify({ user: { name: "x' OR '1'='1" }, $where: 'sleep(5000)' });
const XML_BODY = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><order id="1 OR 1=1"><note>&lt;svg onload=alert(1)&gt;</note></order>';
const BOUNDARY = 'bulwarkBoundary';
const MULTIPART = [`--${BOUNDARY}`, 'Content-Disposition: form-data; name="title"', '', '; cat /etc/shadow', `--${BOUNDARY}`, 'Content-Disposition: form-data; name="up"; filename="../../shell.php"', 'Content-Type: application/x-php', '', '<?php system($_GET[c]); ?>', `--${BOUNDARY}--`, ''].join('\r\n');

/** What every format that carries the part must deliver. */
function expectCommon(p: Record<string, string>) {
  expect(p['header.x-test']).toBe(SQLI);
  expect(p['cookie.theme']).toBe(XSS);
}
const expectJson = (p: Record<string, string>) => {
  expect(p['body.user.name']).toBe("x' OR '1'='1");
  expect(p['body{key:$where}']).toBe('$where');
  expect(p['body.$where']).toBe('sleep(5000)');
};
const expectXml = (p: Record<string, string>) => {
  const values = Object.entries(p).filter(([k]) => k.startsWith('body.xml')).map(([, v]) => v);
  expect(values).toEqual(expect.arrayContaining(['1 OR 1=1', '<svg onload=alert(1)>']));
  expect(values.some((v) => v.includes('SYSTEM "file:///etc/passwd"'))).toBe(true);
};
const expectMultipart = (p: Record<string, string>) => {
  expect(p['body.title']).toBe('; cat /etc/shadow');
  expect(p['body.up.filename']).toBe('../../shell.php');
};
const expectPathAndNames = (p: Record<string, string>) => {
  expect(p['path.segment[1]']).toBe('..');
  expect(p["query{name:1' or '1'='1}"]).toBe("1' or '1'='1");
};

const TARGET = "/static/../../etc/passwd?1'+or+'1'%3D'1=x";
const HEADERS = { 'X-Test': SQLI, Cookie: `sid=abc; theme=${XSS}`, 'User-Agent': 'Mozilla/5.0' };

describe('HAR', () => {
  const entry = (url: string, headers: Record<string, string>, postData?: object, i = 0) => ({
    startedDateTime: `2026-01-05T10:00:0${i}.000Z`,
    request: { method: postData ? 'POST' : 'GET', url, headers: Object.entries(headers).map(([name, value]) => ({ name, value })), ...(postData ? { postData } : {}) },
    response: { status: 200 },
  });
  const [get, json, xml, multipart] = requestsOf('har', JSON.stringify({ log: { version: '1.2', entries: [
    entry(`https://shop.example${TARGET}`, HEADERS),
    entry('https://shop.example/api', { 'Content-Type': 'application/json' }, { mimeType: 'application/json', text: JSON_BODY }, 1),
    entry('https://shop.example/api', { 'Content-Type': 'application/xml' }, { mimeType: 'application/xml', text: XML_BODY }, 2),
    // No Content-Type header: the exporter kept the type (and boundary) in postData.mimeType only.
    entry('https://shop.example/up', {}, { mimeType: `multipart/form-data; boundary=${BOUNDARY}`, text: MULTIPART }, 3),
  ] } }));
  it('headers, cookies, path segments and parameter names', () => {
    expectCommon(read(get));
    expectPathAndNames(read(get));
  });
  it('JSON, XML and multipart bodies', () => {
    expectJson(read(json));
    expectXml(read(xml));
    expectMultipart(read(multipart));
  });
});

describe('ModSecurity v3 JSON audit log', () => {
  const tx = (uri: string, headers: Record<string, string>, body = '', i = 0) =>
    JSON.stringify({ transaction: { client_ip: '198.51.100.23', time_stamp: `Mon Jan  5 10:00:0${i} 2026`, request: { method: body ? 'POST' : 'GET', http_version: 1.1, uri, headers, body }, response: { http_code: 403 } } });
  const [get, json, xml, multipart] = requestsOf('modsec-audit', [
    tx(TARGET, HEADERS),
    tx('/api', { 'Content-Type': 'application/json' }, JSON_BODY, 1),
    tx('/api', { 'Content-Type': 'text/xml' }, XML_BODY, 2),
    tx('/up', { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` }, MULTIPART, 3),
  ].join('\n'));
  it('headers, cookies, path segments and parameter names', () => {
    expectCommon(read(get));
    expectPathAndNames(read(get));
  });
  it('JSON, XML and multipart bodies (audit part C)', () => {
    expectJson(read(json));
    expectXml(read(xml));
    expectMultipart(read(multipart));
  });
});

describe('AWS WAF full logs (no bodies: AWS WAF does not log them)', () => {
  const line = JSON.stringify({
    timestamp: 1767607200000,
    action: 'BLOCK',
    httpRequest: { clientIp: '203.0.113.9', country: 'NL', headers: Object.entries(HEADERS).map(([name, value]) => ({ name, value })), uri: '/static/../../etc/passwd', args: "1'+or+'1'%3D'1=x", httpMethod: 'GET' },
  });
  it('headers, cookies, path segments and parameter names', () => {
    const [r] = requestsOf('aws-waf', line);
    expectCommon(read(r));
    expectPathAndNames(read(r));
  });
});

describe('combined access log (what it records: the request line, Referer, User-Agent)', () => {
  it('path segments, parameter names, and Referer and User-Agent values', () => {
    const [r] = requestsOf('combined', `203.0.113.9 - - [05/Jan/2026:10:00:00 +0000] "GET ${TARGET} HTTP/1.1" 404 0 "${XSS}" "${SQLI}"`);
    expectPathAndNames(read(r));
    expect(read(r)['header.referer']).toBe(XSS);
    expect(read(r)['header.user-agent']).toBe(SQLI);
  });
});

describe('through the inference engine', () => {
  const engine = createInferenceEngine({ model: defaultModel(), anomaly: defaultAnomalyModel() });
  it('an AWS WAF entry with SQL injection only in a custom header is found at that header', () => {
    const text = JSON.stringify({ timestamp: 1767607200000, httpRequest: { clientIp: '1.1.1.1', headers: [{ name: 'Host', value: 'localhost:1989' }, { name: 'x-stm-test', value: "10 AND 1=1 UNION SELECT password FROM users--" }], uri: '/myUri', args: '', httpMethod: 'GET' } });
    const [session] = convertCapture('aws-waf', text).sessions;
    const analysis = engine.analyze(session.evidence);
    expect(analysis.payload.location).toBe('header.x-stm-test');
    expect(analysis.requests[0].attacks.map((a) => a.location)).toContain('header.x-stm-test');
  });
});
