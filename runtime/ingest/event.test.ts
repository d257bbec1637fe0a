import { describe, expect, it } from 'vitest';
import { guessFormat } from '../../domain/threat/evidence/adapters';
import { DeadLetter, parseEvidenceEvent } from './event';

const reason = (value: string | Buffer | null) => {
  try {
    parseEvidenceEvent(typeof value === 'string' ? Buffer.from(value) : value);
    return 'ok';
  } catch (err) {
    return err instanceof DeadLetter ? err.reason : `threw ${String(err)}`;
  }
};

describe('evidence events', () => {
  it('accepts an object reference or inline content, defaulting to the bulwark format', () => {
    const ref = parseEvidenceEvent(Buffer.from(JSON.stringify({ format: 'har', object: { bucket: 'drops', key: 'a/b.har', sha256: 'AB'.repeat(32) }, producer: 'honeypot-7' })));
    expect(ref).toMatchObject({ format: 'har', object: { bucket: 'drops', key: 'a/b.har', sha256: 'ab'.repeat(32) } });
    expect(parseEvidenceEvent(Buffer.from('{"inline":{"id":"x"}}')).format).toBe('bulwark');
  });
  it('names why a message can never be ingested', () => {
    expect(reason(null)).toBe('malformed_message');
    expect(reason(Buffer.from([0xff, 0xfe, 0x7b]))).toBe('malformed_message');
    expect(reason('[1,2]')).toBe('malformed_message');
    expect(reason('{"format":"har"}')).toBe('malformed_message'); // neither object nor inline
    expect(reason('{"format":"har","inline":"x","object":{"bucket":"abc","key":"k","sha256":"' + 'a'.repeat(64) + '"}}')).toBe('malformed_message');
    expect(reason('{"format":"har","object":{"bucket":"abc","key":"k","sha256":"123"}}')).toBe('malformed_message');
    expect(reason('{"format":"pcap","inline":"x"}')).toBe('unknown_format');
  });
  it('guesses a file format from its name and first bytes', () => {
    expect(guessFormat('x.har', '')).toBe('har');
    expect(guessFormat('audit.log', '{"transaction":{"client_ip":"1.2.3.4"}}\n')).toBe('modsec-audit');
    expect(guessFormat('waf.jsonl', '{"timestamp":1,"httpRequest":{}}\n')).toBe('aws-waf');
    expect(guessFormat('capture.json', '{"log":{"version":"1.2","entries":[]}}')).toBe('har');
    expect(guessFormat('e.json', '{"id":"x","requests":[]}')).toBe('bulwark');
    expect(guessFormat('access.log', '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1')).toBe('combined');
    expect(guessFormat('notes.txt', 'hello')).toBeUndefined();
  });
});
