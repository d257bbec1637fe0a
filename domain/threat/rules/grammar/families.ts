// Variant corpora per attack family, generated from the family's grammar: every combination
// of the grammar's parts, not a hand-made list. A family's generated rule must block all of
// them (in JS and in real ModSecurity) with the benign corpus still under the FP bound. Seeds
// are what a family rule is usually generated from (`' OR '1'='1`); the variants are what an
// attacker writes next (`') OR ('1'='1`).
import { POSIX_COMMANDS } from '../../vocabulary/commands';
import type { AttackClass } from '../types';

export interface FamilyCorpus {
  attackClass: AttackClass;
  family: string;
  /** The payload the rule is generated from. */
  seed: string;
  variants: string[];
}

/** Cartesian product of the parts, joined. */
function product(parts: readonly (readonly string[])[]): string[] {
  return parts.reduce<string[]>((acc, opts) => acc.flatMap((a) => opts.map((o) => a + o)), ['']);
}

// Tautology: <close the value> <close parens> <boolean operator> <open parens> <always-true operand> <open the value again?>.
const TAUTOLOGY_OPERANDS = [
  "'1'='1", "'a'='a", '1=1', '2>1', "'x'<>'y'", 'true', 'not false', '1 in (1)', "'a' in ('a')", '2 between 1 and 3', '1 like 1', 'not 1=2',
];
function tautologies(): string[] {
  const out: string[] = [];
  for (const quote of ["'", '"']) {
    for (const parens of [0, 1, 2]) {
      for (const op of [' or ', ' OR ', ' || ', ' xor ']) {
        for (const operand of TAUTOLOGY_OPERANDS) {
          const q = operand.replace(/'/g, quote);
          out.push(`${quote}${')'.repeat(parens)}${op}${'('.repeat(parens)}${q}`);
          out.push(`${quote}${')'.repeat(parens)}${op}${'('.repeat(parens)}${q}-- `);
        }
      }
    }
  }
  return out;
}

const UNION = product([
  ['1', "'", "')", '1)'],
  [' union ', ' UNION ', '/**/union/**/', ' union all ', ' union distinct ', ' uNiOn ', '%0aunion%0a'],
  ['select ', 'SELECT ', '(select ', '/**/select '],
  ['1,2,3', 'null,null', 'password from users'],
  ['', '-- ', '#', '/*'],
]);

const COMMENTS = product([["admin'", 'admin"', "admin')", '1)', "1')"], ['--', '-- ', '#', ';--', ' -- x', '--+', '#x']]);

const SEPARATORS = [';', '|', '||', '&', '&&', '\n', '`', '$(', ';\n', ' ; ', '| ', '& '];
const SHELL = product([['x', "x'", 'x"', ''], SEPARATORS, ['id', 'cat /etc/passwd', 'whoami', 'uname -a', 'ls -la', '/bin/sh -c id']]).filter(
  (v) => !/^[`$(]/.test(v) || v.length > 3,
);

// Every encoding of `../` a server decodes: percent (once, twice), %u, overlong UTF-8, backslash, Tomcat `..;/`, filter-doubling.
// As the application receives them (the request parser has decoded once; double encoding on the
// wire is the verifier's `double-url` variant of each).
// Overlong UTF-8 (`%c0%ae`) is left to the sandbox: ModSecurity has no transformation that
// decodes it, so no rule pattern over transformed values can see it.
const DOTDOT = ['../', '..%2f', '%2e%2e/', '%2e%2e%2f', '..%5c', '%2e%2e%5c', '..\\', '%u002e%u002e/', '..%u002f', '..;/', '....//'];
const TRAVERSAL = product([DOTDOT.map((d) => d.repeat(3)), ['etc/passwd', 'etc/shadow', 'windows/win.ini', 'proc/self/environ']]);

export const FAMILY_CORPORA: FamilyCorpus[] = [
  { attackClass: 'sql_injection', family: 'tautology', seed: "' OR '1'='1", variants: tautologies() },
  { attackClass: 'sql_injection', family: 'union_select', seed: "' UNION SELECT 1,2,3-- ", variants: UNION },
  { attackClass: 'sql_injection', family: 'comment_terminator', seed: "admin'--", variants: COMMENTS },
  { attackClass: 'command_injection', family: 'metachar_command', seed: '; cat /etc/passwd', variants: SHELL },
  { attackClass: 'path_traversal', family: 'dotdot_sequence', seed: '../../../etc/passwd', variants: TRAVERSAL },
];

/** The command names the shell families spell out (all in the shared vocabulary). */
export const FAMILY_COMMANDS = ['id', 'cat', 'whoami', 'uname', 'ls', 'sh'].filter((c) => POSIX_COMMANDS.has(c));
