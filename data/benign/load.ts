// The repo's benign corpus (data/benign/*.txt and generated/*.txt): one parameter value or
// line of prose per line. Rule verification measures false positives against it at run time,
// so it ships with the code rather than living in test support.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENIGN_DIR = fileURLToPath(new URL('.', import.meta.url));

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim().length > 0);
}

/** Lines per file name, files in a stable order. */
export function loadBenignGroups(dir: string = BENIGN_DIR): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const d of [dir, join(dir, 'generated')]) {
    for (const f of readdirSync(d).filter((n) => n.endsWith('.txt')).sort()) groups[f] = lines(join(d, f));
  }
  return groups;
}

let cached: readonly string[] | undefined;
/** Every line of the corpus, read once per process. */
export function benignCorpus(): readonly string[] {
  cached ??= Object.values(loadBenignGroups()).flat();
  return cached;
}
