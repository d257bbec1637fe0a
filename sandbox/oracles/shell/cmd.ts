// Command injection on Windows: the payload spliced into the command lines a web app hands
// to `cmd.exe /c`, read by cmd-parse (its documented phases: %VAR% expansion, quoting, `^`
// escapes, `&` `&&` `|` `||` `( )` and redirects). Exploit = a command the payload added whose
// name is a Windows program or cmd builtin (domain/threat/vocabulary/commands.ts) and that does
// something — takes arguments, or reveals the host by itself (`whoami`, `set`, `ipconfig`) —
// or a redirect that writes outside the working directory, to a UNC share, or feeds the
// command a sensitive file. `AT&T` adds a command `T`: "not recognized as an internal or
// external command", nothing runs.
import { win32 } from 'node:path';
import { WINDOWS_RECON, windowsCommand } from '../../../domain/threat/vocabulary/commands';
import { lookup } from '../path-fs';
import { requestVariants } from '../request-decode';
import type { ContextResult } from '../types';
import { expandPercent, parseCmd, type CmdCommand, type CmdRedirect } from './cmd-parse';

interface CmdTemplate {
  name: string;
  line: string; // '<p>' marks the splice point
}

export const CMD_TEMPLATES: CmdTemplate[] = [
  { name: 'cmd.exe, unquoted argument', line: 'type <p>' },
  { name: 'cmd.exe, unquoted argument, more after it', line: 'dir <p> /b' },
  { name: 'cmd.exe, double-quoted argument', line: 'type "<p>"' },
];

const WORKDIR = 'C:\\inetpub\\wwwroot\\app';

/** A Windows path as the path oracle's virtual host knows it (drive root → `/`, lower-case). */
const hostPath = (p: string) => win32.resolve(WORKDIR, p).replace(/^[a-zA-Z]:/, '').replace(/\\/g, '/');

function redirect(r: CmdRedirect): { exploit?: string; inert?: string } {
  const t = r.target;
  if (/^nul$/i.test(t) || /^&\d$/.test(t) || /^\d$/.test(t)) return { inert: `redirect ${r.op} ${t}` };
  if (/^\\\\[^\\]/.test(t)) return { exploit: `redirect ${r.op} to the UNC share ${t} (SMB: reaches another host, leaks the service account's NTLM hash)` };
  if (r.op === '<') {
    const file = lookup(hostPath(t));
    return file?.canary ? { exploit: `redirect < feeds ${t} (a sensitive file) to the command` } : { inert: `redirect < ${t}: ${file ? 'an ordinary file' : 'no such file, the command does not run'}` };
  }
  const outside = /^[a-zA-Z]:|^[\\/]/.test(t) || /(^|[\\/])\.\.([\\/]|$)/.test(t);
  return outside ? { exploit: `redirect ${r.op} writes ${t} (outside the working directory)` } : { inert: `redirect ${r.op} ${t}: a file in the working directory` };
}

function added(c: CmdCommand): { exploit?: string; inert?: string } {
  const known = windowsCommand(c.name);
  if (!known) return { inert: `${JSON.stringify(c.name)} is no Windows program or acting builtin ("not recognized", or a prompt such as date)` };
  if (c.args.length || WINDOWS_RECON.has(known)) return { exploit: `runs ${known}${c.args.length ? ` ${c.args.join(' ').slice(0, 60)}` : ''}${c.name.toLowerCase() !== known ? ` (written ${c.name})` : ''}` };
  return { inert: `${known} without arguments only prints its usage or prompts` };
}

function checkTemplate(t: CmdTemplate, payload: string, label: string): ContextResult {
  const name = t.name + label;
  const base = parseCmd(expandPercent(t.line.replace('<p>', 'report.txt')).text);
  const { text, expanded } = expandPercent(t.line.replace('<p>', () => payload));
  const cmds = parseCmd(text);
  const exploit: string[] = [];
  const inert: string[] = [];
  const note = (x: { exploit?: string; inert?: string }) => (x.exploit ? exploit.push(x.exploit) : x.inert && inert.push(x.inert));
  cmds.forEach((c, i) => {
    // cmd opens redirects before it runs the command: input from a file that does not exist
    // ("The system cannot find the file specified") and the command never runs.
    const missing = c.redirects.find((r) => r.op === '<' && !/^(nul|&\d)$/i.test(r.target) && !lookup(hostPath(r.target)));
    if (missing) return void inert.push(`redirect < ${missing.target}: no such file, the command does not run`);
    if (i >= base.length) note(added(c));
    c.redirects.forEach((r) => note(redirect(r)));
  });
  if (expanded.length) (exploit.length ? exploit : inert).push(`expands %${expanded.join('%, %')}%`);
  if (exploit.length) return { name, stack: 'cmd', exploitable: true, detail: exploit.join('; ') };
  return { name, stack: 'cmd', exploitable: false, detail: inert.length ? `nothing runs beyond the template's command: ${inert.join('; ')}` : 'one command; payload stays its argument(s)' };
}

/** Every cmd.exe template, with the value as given and, when it differs, form-decoded. */
export function cmdContexts(payload: string): ContextResult[] {
  return requestVariants(payload).flatMap((v) => CMD_TEMPLATES.map((t) => checkTemplate(t, v.value, v.label)));
}
