// Command injection on PowerShell: the payload spliced into the command text a web app hands
// to `powershell -Command`, parsed by tree-sitter-powershell (powershell-parse.ts). Exploit =
// a command the payload added — a statement after `;`, a pipeline stage, a `&&`/`||` branch,
// a `$( )` or `( )` sub-expression, a `&` call — whose name PowerShell resolves to a cmdlet,
// alias or Windows program that acts (domain/threat/vocabulary/powershell.ts) and takes
// arguments or reveals the host alone; a static call on a .NET type that runs, reads, writes
// or downloads (`[Diagnostics.Process]::Start`); a redirect writing outside the working
// directory or to a UNC share. A text the grammar rejects runs nothing (`AT&T`: "the
// ampersand character is not allowed"); an unknown name is "not recognized".
import { WINDOWS_RECON } from '../../../domain/threat/vocabulary/commands';
import { POWERSHELL_RECON, powershellCommand } from '../../../domain/threat/vocabulary/powershell';
import { requestVariants } from '../request-decode';
import type { ContextResult } from '../types';
import { withPowerShellTree, type Node } from './powershell-parse';

interface PsTemplate {
  name: string;
  line: string; // '<p>' marks the splice point
}

export const POWERSHELL_TEMPLATES: PsTemplate[] = [
  { name: 'PowerShell, unquoted argument', line: 'Get-Content <p>' },
  { name: 'PowerShell, unquoted argument, more after it', line: 'Get-ChildItem <p> -Recurse' },
  { name: 'PowerShell, double-quoted argument', line: 'Get-Content "<p>"' },
  { name: 'PowerShell, single-quoted argument', line: "Get-Content '<p>'" },
];

/** .NET types whose static methods run programs, touch files, download or load code. */
const DANGEROUS_TYPE = /^(system\.)?(diagnostics\.process|io\.file|io\.directory|net\.webclient|net\.webrequest|reflection\.assembly|activator|runtime\.interopservices\.marshal|environment|convert)$/i;

const unquote = (s: string) => s.replace(/^(['"])([\s\S]*)\1$/, '$2');

/** `payloadEnd`: where the payload ends in the text; the template's tail (`-Recurse`) is not the added command's argument. */
function commandFinding(c: Node, payloadEnd: number): { exploit?: string; inert?: string } {
  const nameNode = c.childForFieldName('command_name');
  const written = unquote(nameNode?.text ?? '');
  const known = powershellCommand(written);
  if (!known) return { inert: `${JSON.stringify(written.slice(0, 40))} is no cmdlet, alias or program ("not recognized")` };
  const args = (c.childForFieldName('command_elements')?.namedChildren ?? []).filter((a) => a && a.type !== 'command_argument_sep' && a.type !== 'redirection' && a.startIndex < payloadEnd);
  if (args.length || POWERSHELL_RECON.has(known) || WINDOWS_RECON.has(known))
    return { exploit: `runs ${known}${args.length ? ` ${args.map((a) => a?.text ?? '').join(' ').slice(0, 60)}` : ''}${written.toLowerCase() !== known ? ` (written ${written})` : ''}` };
  return { inert: `${known} without arguments does nothing harmful` };
}

function redirectFinding(r: Node): { exploit?: string; inert?: string } {
  const target = unquote(r.descendantsOfType(['redirected_file_name'])[0]?.text.trim() ?? '');
  if (!target || /^\$null$/i.test(target)) return { inert: `redirect to ${target || 'a stream'}` };
  if (/^\\\\[^\\]/.test(target)) return { exploit: `redirect writes to the UNC share ${target} (SMB: reaches another host, leaks the account's NTLM hash)` };
  const outside = /^[a-zA-Z]:|^[\\/~]/.test(target) || /(^|[\\/])\.\.([\\/]|$)/.test(target);
  return outside ? { exploit: `redirect writes ${target} (outside the working directory)` } : { inert: `redirect writes ${target}: a file in the working directory` };
}

function findings(root: Node, payloadEnd: number) {
  const exploit: string[] = [];
  const inert: string[] = [];
  const note = (x: { exploit?: string; inert?: string }) => (x.exploit ? exploit.push(x.exploit) : x.inert && inert.push(x.inert));
  // The template's own command starts the text; every other command node is the payload's.
  for (const c of root.descendantsOfType(['command'])) if (c && c.startIndex > 0) note(commandFinding(c, payloadEnd));
  for (const r of root.descendantsOfType(['redirection'])) if (r) note(redirectFinding(r));
  for (const call of root.descendantsOfType(['invokation_expression'])) {
    const type = call?.namedChildren[0];
    if (type?.type !== 'type_literal') continue;
    const typeName = type.text.replace(/^\[|\]$/g, '').trim();
    const member = call?.namedChildren.find((n) => n?.type === 'member_name')?.text ?? '?';
    if (DANGEROUS_TYPE.test(typeName)) exploit.push(`calls [${typeName}]::${member}() (.NET: runs, reads, writes or loads code)`);
    else inert.push(`calls [${typeName}]::${member}()`);
  }
  return { exploit, inert };
}

/** Quote characters PowerShell accepts (straight and typographic), its escape and its comment start. */
const QUOTING = /['"`#\u2018\u2019\u201a\u201b\u201c\u201d\u201e]/;

/**
 * An unquoted `${` that nothing after it closes: PowerShell reads a braced variable name up to
 * the first `}`, so without one the script does not parse and nothing runs. Read from the text
 * (no quote, escape or comment in the payload can change where it stands) because
 * tree-sitter's error recovery on thousands of them takes seconds (`${`×2048: ~1.4 s).
 */
function unclosedBracedVariable(t: PsTemplate, payload: string): boolean {
  const before = t.line.slice(0, t.line.indexOf('<p>'));
  if (QUOTING.test(payload) || QUOTING.test(before.slice(-1))) return false;
  const at = payload.lastIndexOf('${');
  return at >= 0 && !payload.includes('}', at) && !t.line.includes('}');
}

async function checkTemplate(t: PsTemplate, payload: string, label: string): Promise<ContextResult> {
  const name = t.name + label;
  if (unclosedBracedVariable(t, payload)) {
    return { name, stack: 'powershell', exploitable: false, detail: 'PowerShell rejects the script, nothing runs (a ${ braced variable name that no } closes; read from the text, not parsed)' };
  }
  const payloadEnd = t.line.indexOf('<p>') + payload.length;
  const parsed = await withPowerShellTree(t.line.replace('<p>', () => payload), (root) => findings(root, payloadEnd));
  if (!parsed.ok) return { name, stack: 'powershell', exploitable: false, detail: `PowerShell rejects the script, nothing runs (${parsed.error})` };
  const { exploit, inert } = parsed.value;
  if (exploit.length) return { name, stack: 'powershell', exploitable: true, detail: exploit.join('; ') };
  return { name, stack: 'powershell', exploitable: false, detail: inert.length ? `nothing runs beyond the template's command: ${inert.join('; ')}` : 'one command; payload stays its argument(s)' };
}

/** Every PowerShell template, with the value as given and, when it differs, form-decoded. */
export async function powershellContexts(payload: string): Promise<ContextResult[]> {
  const out: ContextResult[] = [];
  for (const v of requestVariants(payload)) for (const t of POWERSHELL_TEMPLATES) out.push(await checkTemplate(t, v.value, v.label));
  return out;
}
