// Deterministic generator for the benign corpus in data/benign/generated/. Run with
// `npx tsx data/benign/generate.ts`; the same seed always writes the same files, which are
// committed so training never depends on running this. The point is hard negatives:
// ordinary values and prose that share characters and words with attacks (apostrophes,
// select/drop/union/script/alert, & and ;, slashes, parentheses) but are not attacks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRng } from '../../domain/rng';
import * as W from './generate-words';

const rng = seededRng('benign-corpus:v1');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pad2 = (n: number) => String(n).padStart(2, '0');
const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

const paramMakers: (() => string)[] = [
  () => pick(W.FIRST),
  () => pick(W.LAST),
  () => `${pick(W.FIRST)} ${pick(W.LAST)}`,
  () => `${pick(W.LAST)}, ${pick(W.FIRST)}`,
  () => `${pick(W.FIRST).toLowerCase()}.${pick(W.LAST).toLowerCase().replace(/[^a-z]/g, '')}@${pick(W.DOMAINS)}`,
  () => `${pick(W.FIRST).toLowerCase()}${int(1, 999)}`,
  () => `+${int(1, 49)} ${int(100, 999)} ${int(100, 999)} ${int(1000, 9999)}`,
  () => `${int(1990, 2030)}-${pad2(int(1, 12))}-${pad2(int(1, 28))}`,
  () => `${pad2(int(1, 28))}/${pad2(int(1, 12))}/${int(1950, 2030)}`,
  () => `${int(1990, 2030)}-${pad2(int(1, 12))}-${pad2(int(1, 28))}T${pad2(int(0, 23))}:${pad2(int(0, 59))}:${pad2(int(0, 59))}Z`,
  () => String(int(0, 100000)),
  () => String(int(1, 10 ** int(1, 15))),
  () => (rng() * 1000).toFixed(int(1, 4)),
  () => `-${(rng() * 100).toFixed(2)}`,
  () => `${pick(['$', '€', '£', ''])}${int(1, 5000)}.${pad2(int(0, 99))}`,
  () => `${int(10000, 99999)}`,
  () => `${int(1, 300)} ${pick(W.STREETS)}`,
  () => `${pick(W.CITIES)}`,
  () => `${pick(W.CITIES)}, ${pick(W.COUNTRIES)}`,
  () => `${int(1, 255)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
  () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
  () => hex(int(16, 40)),
  () => Array.from({ length: int(12, 44) }, () => pick([...b64chars])).join('') + pick(['', '=', '==']),
  () => `${pick(W.WORDS)} ${pick(W.WORDS)}`,
  () => `${pick(W.WORDS)} ${pick(W.WORDS)} ${pick(W.WORDS)}`,
  () => `${pick(W.QUERY_WORDS)} ${pick(W.WORDS)}`,
  () => `https://${pick(W.DOMAINS)}/${pick(W.WORDS)}?q=${pick(W.QUERY_WORDS).replace(/ /g, '+')}`,
  () => `https://${pick(W.DOMAINS)}/${pick(W.WORDS)}/${int(1, 9999)}?page=${int(1, 20)}&sort=${pick(['asc', 'desc'])}`,
  () => `/${pick(W.WORDS)}/${pick(W.WORDS)}/${pick(W.WORDS)}.${pick(W.EXTS)}`,
  () => `/home/${pick(W.FIRST).toLowerCase()}/${pick(W.WORDS)}/${pick(W.WORDS)}.${pick(W.EXTS)}`,
  () => `C:\\Users\\${pick(W.FIRST)}\\${pick(['Documents', 'Desktop', 'Pictures', 'Downloads'])}\\${pick(W.WORDS)}.${pick(W.EXTS)}`,
  () => `${pick(W.WORDS)}_${int(1, 99)}.${pick(W.EXTS)}`,
  () => `${pick(W.WORDS).toUpperCase().slice(0, 3)}-${int(100, 999)}-${pick(['A', 'B', 'X', 'Z'])}${int(0, 9)}`,
  () => `${(rng() * 180 - 90).toFixed(5)},${(rng() * 360 - 180).toFixed(5)}`,
  () => pick(W.USER_AGENTS),
  () => pick(W.NAMES_WITH_APOSTROPHES),
  () => `${pick(W.FIRST)} ${pick(W.NAMES_WITH_APOSTROPHES)}`,
  () => `${pick(W.COMPANIES)}`,
  () => `${pick(W.WORDS)}=${pick(W.WORDS)}`,
  () => `${pick(['red', 'blue', 'green', 'black'])}, ${pick(['S', 'M', 'L', 'XL'])}`,
  () => `${int(1, 12)}:${pad2(int(0, 59))} ${pick(['am', 'pm', 'AM', 'PM'])}`,
  () => `#${hex(6)}`,
  () => `v${int(0, 9)}.${int(0, 30)}.${int(0, 99)}`,
];

const proseMakers: (() => string)[] = [
  () => `${cap(pick(W.SUBJECTS))} ${pick(W.VERBS)} ${pick(W.OBJECTS)} ${pick(W.TAILS)}${pick(['.', '!', '?', '...'])}`,
  () => `${cap(pick(W.SUBJECTS))} said "${pick(W.QUOTES)}" and ${pick(W.VERBS)} ${pick(W.OBJECTS)}.`,
  () => `${pick(W.FIRST)} ${pick(W.NAMES_WITH_APOSTROPHES)} ${pick(W.VERBS)} ${pick(W.OBJECTS)} (${pick(W.ASIDES)}).`,
  () => `${cap(pick(W.QUERY_WORDS))} or ${pick(W.QUERY_WORDS)}? ${cap(pick(W.SUBJECTS))} can't decide.`,
  () => `${cap(pick(W.SUBJECTS))} ${pick(W.VERBS)} ${pick(W.OBJECTS)}; ${pick(W.SUBJECTS)} ${pick(W.VERBS)} ${pick(W.OBJECTS)}.`,
  () => `${cap(pick(W.SUBJECTS))} & ${pick(W.SUBJECTS)} ${pick(W.VERBS)} ${pick(W.OBJECTS)} ${pick(W.TAILS)}.`,
  () => `${pick(W.MULTILINGUAL)} ${pick(W.FIRST)}`,
  () => `${pick(W.MULTILINGUAL)}`,
  () => `${cap(pick(W.QUOTES))} -- ${pick(W.FIRST)} ${pick(W.LAST)}`,
  () => `Step ${int(1, 9)}: ${pick(W.VERBS)} ${pick(W.OBJECTS)}, then ${pick(W.VERBS)} ${pick(W.OBJECTS)}.`,
  () => `${cap(pick(W.SUBJECTS))} rated it ${int(1, 5)}/5 - ${pick(W.QUOTES)}`,
];

const otherMakers: (() => string)[] = [
  () => JSON.stringify({ name: `${pick(W.FIRST)} ${pick(W.LAST)}`, age: int(18, 90) }),
  () => JSON.stringify({ q: pick(W.QUERY_WORDS), page: int(1, 50), filters: [pick(W.WORDS), pick(W.WORDS)] }),
  () => JSON.stringify({ id: int(1, 1e6), note: `${cap(pick(W.SUBJECTS))} ${pick(W.VERBS)} ${pick(W.OBJECTS)}` }),
  () => JSON.stringify({ path: `/${pick(W.WORDS)}/${pick(W.WORDS)}.${pick(W.EXTS)}`, size: int(1, 1e7) }),
  () => JSON.stringify([int(0, 99), int(0, 99), pick(W.WORDS)]),
  () => `${pick(W.WORDS)},${int(0, 999)},${pick(W.CITIES)},${(rng() * 100).toFixed(2)}`,
  () => pick(W.CODE_LINES),
  () => `const ${pick(W.WORDS)}${int(1, 9)} = ${pick(['[]', '{}', String(int(0, 99)), `'${pick(W.WORDS)}'`, 'null'])};`,
  () => `${pick(W.FUNCS)}(${pick(W.WORDS)}, ${int(0, 9)})`,
  () => `${pick(W.WORDS)}: ${pick(W.WORDS)}; ${pick(W.WORDS)}: ${int(0, 99)}px;`,
];

function generate(makers: (() => string)[], n: number): string[] {
  const seen = new Set<string>();
  for (let guard = 0; seen.size < n && guard < n * 20; guard++) seen.add(pick(makers)());
  return [...seen];
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), 'generated');
mkdirSync(outDir, { recursive: true });
const files: [string, string[]][] = [
  ['params.txt', generate(paramMakers, 3000)],
  ['prose.txt', generate(proseMakers, 1500)],
  ['other.txt', generate(otherMakers, 600)],
];
for (const [name, lines] of files) {
  writeFileSync(join(outDir, name), lines.join('\n') + '\n');
  process.stdout.write(`${name}: ${lines.length} lines\n`);
}
