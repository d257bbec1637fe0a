// The new engines run where every oracle runs: in the sandbox worker, behind the net guard.
import { describe, expect, it } from 'vitest';
import { createSandboxRunner } from '../../runner';

describe('stack-aware oracles inside the isolated sandbox', () => {
  it('each item is judged on its declared stack, in one worker (sql.js, node-sql-parser, cmd-parse, tree-sitter-powershell)', { timeout: 120_000 }, async () => {
    const out = await createSandboxRunner({ timeoutMs: 90_000 }).simulateAll([
      { kind: 'sql_injection', payload: "admin'#", stack: { database: 'mysql' } },
      { kind: 'sql_injection', payload: '1 UNION SELECT password FROM users', stack: { database: 'sqlite' } },
      { kind: 'command_injection', payload: 'report.txt & type C:\\Windows\\win.ini', stack: { os: 'windows' } },
      { kind: 'path_traversal', payload: '..;/..;/..;/etc/passwd', stack: { server: 'tomcat' } },
      { kind: 'xss', payload: "';alert(1);//", stack: { htmlContext: 'js_string_single' } },
    ]);
    expect(out.status).toBe('ok');
    if (out.status !== 'ok') return;
    expect(out.result.map((r) => [r.verdict, r.confirmedOn])).toEqual([
      ['exploit_possible', ['mysql']],
      ['exploit_possible', ['sqlite']],
      ['exploit_possible', ['cmd']],
      ['exploit_possible', ['tomcat']],
      ['exploit_possible', ['js_string_single']],
    ]);
    expect(out.result[1].evidence.join('\n')).toMatch(/SQLite: canary row leaked/);
  });
});
