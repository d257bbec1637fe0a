import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceSchema } from '../schema';
import { convertCapture } from './index';
import { SESSION_GAP_MS } from './sessions';

const line = (ip: string, time: string, path: string) => `${ip} - - [${time}] "GET ${path} HTTP/1.1" 200 1 "-" "ua"`;

describe('grouping requests into sessions', () => {
  it('splits by client, and within a client at gaps above 30 minutes', () => {
    const text = [
      line('192.0.2.1', '01/Jan/2026:00:00:00 +0000', '/a'),
      line('192.0.2.2', '01/Jan/2026:00:01:00 +0000', '/b'),
      line('192.0.2.1', '01/Jan/2026:00:30:00 +0000', '/c'), // exactly 30 min later: same session
      line('192.0.2.1', '01/Jan/2026:01:00:01 +0000', '/d'), // 30 min 1 s after /c: a new one
    ].join('\n');
    const { sessions } = convertCapture('combined', text);
    expect(SESSION_GAP_MS).toBe(30 * 60_000);
    expect(sessions.map((s) => s.evidence.requests.map((r) => r.path))).toEqual([['/a', '/c'], ['/b'], ['/d']]);
    expect(sessions.map((s) => s.from)).toEqual([['line 1', 'line 3'], ['line 2'], ['line 4']]);
  });

  it('gives the same ids for the same file (idempotent re-import) and different ids for other content', () => {
    const text = readFileSync(join(__dirname, 'fixtures', 'access-combined.log'), 'utf8');
    const ids = convertCapture('combined', text).sessions.map((s) => s.evidence.id);
    expect(convertCapture('combined', text).sessions.map((s) => s.evidence.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const changed = convertCapture('combined', text.replace('/apache_pb.gif', '/apache_pb.png')).sessions.map((s) => s.evidence.id);
    expect(changed.filter((id) => !ids.includes(id))).toHaveLength(1);
  });

  it('produces evidence the schema accepts, with source, capture time and format tag', () => {
    const { sessions } = convertCapture('combined', line('192.0.2.9', '05/Mar/2026:10:00:00 +0100', '/x?y=1'));
    const ev = sessions[0].evidence;
    expect(EvidenceSchema.parse(ev)).toEqual(ev);
    expect(ev).toMatchObject({ source: 'waf', capturedAt: '2026-03-05T09:00:00.000Z', tags: ['format:combined'] });
    expect(ev.id).toMatch(/^combined-[0-9a-f]{24}$/);
  });

  it('caps a session at 1000 requests (the schema limit)', () => {
    const lines = Array.from({ length: 1001 }, (_, i) => line('192.0.2.3', `01/Jan/2026:00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000`, `/p${i}`));
    const { sessions } = convertCapture('combined', lines.join('\n'));
    expect(sessions.map((s) => s.evidence.requests.length)).toEqual([1000, 1]);
  });
});
