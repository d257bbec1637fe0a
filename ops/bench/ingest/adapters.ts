// Adapter throughput: each fixture's entries repeated into one large file (client addresses
// varied so sessions stay small), converted once to warm up and once measured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertCapture, type CaptureFormat } from '../../../domain/threat/evidence/adapters';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'domain', 'threat', 'evidence', 'adapters', 'fixtures');
const FILES: [CaptureFormat, string][] = [['har', 'browser.har'], ['modsec-audit', 'modsec-audit.jsonl'], ['aws-waf', 'aws-waf.jsonl'], ['combined', 'access-combined.log']];

/** Markdown rows `| format | fixture | entries | entries/s |`. */
export function adapterThroughput(repeat = 400): string[] {
  return FILES.map(([format, file]) => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const big =
      format === 'har'
        ? JSON.stringify({ log: { version: '1.2', entries: Array.from({ length: repeat }, () => JSON.parse(text).log.entries).flat() } })
        : Array.from({ length: repeat }, (_, i) => text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)/g, (_m, a, b, c) => `${a}.${b}.${c}.${i % 250}`)).join('\n');
    convertCapture(format, big); // warm-up
    const t0 = performance.now();
    const c = convertCapture(format, big);
    const s = (performance.now() - t0) / 1000;
    const entries = c.accepted + c.errors.length;
    return `| ${format} | ${file} ×${repeat} | ${entries} | ${Math.round(entries / s)} |`;
  });
}
