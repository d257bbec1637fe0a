// Training-only synthesis from the product's shared vocabulary, so the classifier knows every
// name the oracles know and not only the few the public lists spell out:
// - each command name after a separator, bare or with an argument (`;uptime`, `| tac /etc/passwd`):
//   command injection, also when the argument is a sensitive file (the command is what runs);
// - each canary file of the path oracle, absolute or reached by `../` (`/etc/ssh/sshd_config`):
//   path traversal;
// - numeric tautologies from their grammar (`2 or 1`, `1) or (2`, `-1 || 1=1-- `): SQL injection.
// Every name is covered, in seeded forms; only ever added to the training split.
import { seededRng } from '../../rng';
import { HOST_FILES, SENSITIVE_FILE_TAILS } from '../vocabulary/files';
import { COMMAND_NAMES } from './lexicon';
import type { TrainingSample } from './train';

const SEPARATORS = [';', ';', '|', '||', '&', '&&', '`', '$(', '%0a', '%3b', ' ; ', '| ', '& '];
const LEADS = ['', '', '', '1', 'x', 'test', "'", '"', '127.0.0.1', 'a.txt'];
const FLAGS = ['-a', '-la', '-l', '--help', '-v', '/tmp', '/', '.', '-c 1 127.0.0.1', 'x.test', '$HOME', '>/dev/null'];

/** Each vocabulary command, `perName` times: with a sensitive file as argument, then bare or with a flag. */
export function synthesizeVocabularyCommands(perName: number, seed: number): TrainingSample[] {
  const out = new Set<string>();
  for (const name of [...COMMAND_NAMES].sort()) {
    // Seeded per name: a name added to the vocabulary adds its own samples and changes no other's.
    const rng = seededRng(`augment-vocab-cmd:${seed}:${name}`);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
    for (let i = 0; i < perName; i++) {
      const sep = pick(SEPARATORS);
      const arg = i % 2 === 0 ? ` ${pick(HOST_FILES)}` : rng() < 0.5 ? '' : ` ${pick(FLAGS)}`;
      const close = sep === '`' ? '`' : sep === '$(' ? ')' : pick(['', '', ';', ' #', "'", '|']);
      out.add(`${pick(LEADS)}${sep}${name}${arg}${close}`);
    }
  }
  return [...out].map((payload) => ({ payload, label: 'command_injection' as const }));
}

const CLIMBS = ['../', '..\\', '..%2f', '%2e%2e/', '%2e%2e%2f', '..%5c', '....//', '..;/'];

/** Each canary file, `perFile` times: absolute, as a drive path, as a file:// URL, or climbed to. */
export function synthesizeCanaryPaths(perFile: number, seed: number): TrainingSample[] {
  const rng = seededRng(`augment-vocab-path:${seed}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const out = new Set<string>();
  for (const tail of SENSITIVE_FILE_TAILS) {
    for (let i = 0; i < perFile; i++) {
      const back = tail.replace(/\//g, '\\');
      const forms = [
        `/${tail}`, `c:\\${back}`, `file:///${tail}`, `${pick(CLIMBS).repeat(2 + Math.floor(rng() * 6))}${tail}`,
        `${pick(['', 'x', 'images', 'static/img'])}/${'../'.repeat(3 + Math.floor(rng() * 5))}${tail}${pick(['', '%00', '%00.jpg'])}`,
      ];
      out.add(forms[i % forms.length]);
    }
  }
  return [...out].map((payload) => ({ payload, label: 'path_traversal' as const }));
}

/** Numeric tautologies: <number> <close> <or> <open> <number | comparison | true> <close> <end>, sampled from the product. */
export function synthesizeNumericTautologies(count: number, seed: number): TrainingSample[] {
  const rng = seededRng(`augment-vocab-numtaut:${seed}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const num = () => pick(['1', '2', '0', '-1', '3', '10', '99', '1337', String(Math.floor(rng() * 10000))]);
  const out = new Set<string>();
  for (let guard = 0; out.size < count && guard < count * 20; guard++) {
    const parens = pick([0, 0, 0, 1, 1, 2]);
    const a = num();
    const operand = pick([num(), num(), `${a}=${a}`, `${num()}=${num()}`, `${num()}>${num()}`, 'true', `${num()} like ${num()}`]);
    const op = pick([' or ', ' or ', ' OR ', ' || ', ' xor ', '/**/or/**/', '%20or%20', '+or+']);
    const end = pick(['', '', '', '-- ', '--', '#', ';', '/*']);
    out.add(`${pick(['', '', ' '])}${a}${')'.repeat(parens)}${op}${'('.repeat(parens)}${operand}${end}`);
  }
  return [...out].map((payload) => ({ payload, label: 'sql_injection' as const }));
}
