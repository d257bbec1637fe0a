// One vocabulary (issue 12): the classifier's detectors and the committed model know every
// command, canary file, SQL capability and script sink the oracles and rule families know. The
// cases are generated from the vocabulary modules, so a name added there is tested here.
import { describe, expect, it } from 'vitest';
import { lookup } from '../../../sandbox/oracles/path-fs';
import { isEventHandler } from '../../../sandbox/oracles/html-events';
import { runsProgram } from '../../../sandbox/oracles/shell-commands';
import { FAMILIES } from '../rules/families';
import { FAMILY_COMMANDS } from '../rules/grammar/families';
import { POSIX_COMMANDS, WINDOWS_RECON } from '../vocabulary/commands';
import { HOST_FILES, SENSITIVE_FILES, SENSITIVE_FILE_TAILS, SENSITIVE_PATH_MARKERS } from '../vocabulary/files';
import { ACTIVE_TAGS, EVENT_HANDLERS, HANDLER_CARRIER_TAGS, JS_SINK_CALLS } from '../vocabulary/html';
import { POWERSHELL_NAMES, powershellCommand } from '../vocabulary/powershell';
import { SQL_CAPABILITIES, SQL_CATALOGS, SQL_EXTRACTION_FUNCTIONS } from '../vocabulary/sql';
import { COMMANDS as SYNTHETIC_COMMAND_LINES } from './augment';
import { classify } from './classifier';
import { extractFeatures } from './features';
import { COMMAND_NAMES } from './lexicon';
import { defaultModel } from './model-io';

const model = defaultModel();
const label = (p: string) => classify(model, p).label;
/** Payloads the model labels otherwise than `want`, with the label it gave. */
const misses = (payloads: string[], want: string) => payloads.map((p) => [p, label(p)]).filter(([, l]) => l !== want);

// Command names spelled as a word (not `[` or `.`), lower case as the normaliser sees them. A `+`
// is a space in a query string, so `g++` arrives as `g` and is no name the classifier can see.
const COMMANDS = [...COMMAND_NAMES].filter((n) => !n.includes('+')).sort();
const POSIX = [...POSIX_COMMANDS].filter((n) => /^[a-z][\w.+-]*$/.test(n)).sort();

describe('the shared vocabulary, as the oracles read it', () => {
  it('every canary file is a canary of the path oracle, and every POSIX name runs in the shell oracle', () => {
    for (const f of SENSITIVE_FILES) expect(lookup(f), f).toEqual({ canary: true });
    for (const n of POSIX) expect(runsProgram(n), n).toBe(true);
    for (const h of EVENT_HANDLERS) expect(isEventHandler(h.toUpperCase()), h).toBe(true);
  });

  it("the rule families' command, file and sink words are vocabulary words", () => {
    for (const c of FAMILY_COMMANDS) expect(POSIX_COMMANDS.has(c), c).toBe(true);
    const words = (family: string, cls: keyof typeof FAMILIES) =>
      FAMILIES[cls].find((f) => f.family === family)!.pattern.match(/\(\?:([a-z0-9_|[\]\\?]+)\)/)![1].split('|').map((w) => w.replace(/\[23\]\?$|\\/g, ''));
    for (const c of [...words('metachar_command', 'command_injection'), ...words('metachar_network', 'command_injection')])
      expect(COMMAND_NAMES.has(c), c).toBe(true);
    for (const s of words('js_sink', 'xss')) expect(JS_SINK_CALLS, s).toContain(s);
    const sql = new Set([...SQL_CAPABILITIES.map((c) => c.name), ...SQL_EXTRACTION_FUNCTIONS, ...SQL_CATALOGS]);
    for (const f of ['time_based', 'error_based', 'schema_probe']) {
      const names = FAMILIES.sql_injection.find((x) => x.family === f)!.pattern.replace(/\\[a-z]/g, ' ').match(/[a-z][a-z_]{2,}/g)!;
      for (const n of names.filter((w) => !['delay', 'time', 'int', 'numeric', 'version', 'datadir', 'hostname'].includes(w))) expect(sql, `${f}: ${n}`).toContain(n);
    }
    const tags = FAMILIES.xss.find((x) => x.family === 'dangerous_tag')!.pattern.match(/\(\?:([a-z|]+)\)/)![1].split('|');
    for (const t of tags) expect(ACTIVE_TAGS.has(t) || HANDLER_CARRIER_TAGS.has(t), t).toBe(true);
    // `etc[\\/](?:passwd|shadow)|win\.ini|\.ssh` → etc/passwd, etc/shadow, win.ini, .ssh
    const target = FAMILIES.path_traversal.find((x) => x.family === 'sensitive_target')!.pattern;
    const files = target
      .slice(target.indexOf('(?:etc') + 3, -1)
      .replace(/\[\\\\\/\]/g, '/')
      .replace(/\\\./g, '.')
      .replace(/([\w-]+)\/\(\?:([^)]*)\)/g, (_, dir: string, alts: string) => alts.split('|').map((a) => `${dir}/${a}`).join('|'))
      .split('|');
    expect(files).toContain('etc/passwd');
    expect(files).toContain('.htpasswd');
    const fileWords = [...SENSITIVE_FILE_TAILS, ...SENSITIVE_PATH_MARKERS];
    for (const f of files) expect(fileWords.some((v) => v.replace(/^\//, '').startsWith(f)), f).toBe(true);
  });

  it('the PowerShell names are command names, resolved by the PowerShell oracle; the synthetic command lines use vocabulary names', () => {
    for (const n of POWERSHELL_NAMES) {
      expect(COMMAND_NAMES.has(n), n).toBe(true);
      expect(powershellCommand(n), n).toBeDefined();
    }
    for (const line of SYNTHETIC_COMMAND_LINES) {
      const word = line.split(' ')[0].replace(/^.*\//, '');
      expect(COMMAND_NAMES.has(word), line).toBe(true);
    }
  });
});

describe('the detectors read the vocabulary', () => {
  it('every command name after a separator fires the separator detectors', () => {
    for (const c of COMMANDS) {
      const f = extractFeatures(`;${c}`);
      expect([c, f.detector_shell_separator_command, f.detector_shell_leading_separator]).toEqual([c, 1, 1]);
      expect([c, extractFeatures(`x | ${c} -a`).detector_shell_separator_command]).toEqual([c, 1]);
    }
  });

  it('every canary file fires path_sensitive_file, absolute, climbed to or as a Windows path', () => {
    for (const t of SENSITIVE_FILE_TAILS) {
      for (const p of [`/${t}`, `../../../${t}`, `c:\\${t.replace(/\//g, '\\')}`])
        expect([p, extractFeatures(p).detector_path_sensitive_file]).toEqual([p, 1]);
    }
  });

  it('every SQL capability and extraction function fires a SQL detector when used', () => {
    for (const c of SQL_CAPABILITIES) {
      const use = c.statement ? { waitfor: "1';waitfor delay '0:0:5'--", outfile: "1' into outfile '/tmp/x'", dumpfile: "1' into dumpfile '/tmp/x'", attach: "1';attach database '/tmp/x.db' as x--" }[c.name]! : `1 and ${c.name}(1)`;
      const f = extractFeatures(use);
      expect([c.name, f.detector_sql_time_function + f.detector_sql_function_call]).toEqual([c.name, 1]);
    }
    for (const fn of SQL_EXTRACTION_FUNCTIONS) expect([fn, extractFeatures(`1 and ${fn}(1)`).detector_sql_function_call]).toEqual([fn, 1]);
  });

  it('every active tag and script sink fires its detector', () => {
    for (const t of ACTIVE_TAGS) expect([t, extractFeatures(`<${t} x>`).detector_html_dangerous_tag]).toEqual([t, 1]);
    for (const h of EVENT_HANDLERS) expect([h, extractFeatures(`"${h}=x`).detector_html_event_handler]).toEqual([h, 1]);
    for (const s of JS_SINK_CALLS) expect([s, extractFeatures(`${s}(1)`).detector_js_sink_call]).toEqual([s, 1]);
  });
});

describe('the committed model agrees with the oracles', () => {
  it("issue 12's examples", () => {
    expect(label('/etc/ssh/sshd_config')).toBe('path_traversal');
    expect(label(';uptime')).toBe('command_injection');
    expect(label(';tac /etc/passwd')).toBe('command_injection');
  });

  it('every command name after a separator is command injection, also with a canary file as its argument', () => {
    const payloads = COMMANDS.flatMap((c) => [`;${c}`, `| ${c}`, `;${c} /etc/passwd`, `&& ${c} -a`]);
    expect(misses(payloads, 'command_injection')).toEqual([]);
  });

  it('every canary file, named absolutely or climbed to, is path traversal', () => {
    const payloads = HOST_FILES.flatMap((f) => [f, `../../..${f}`, `..%2f..%2f..%2f..${f}`]);
    expect(misses(payloads, 'path_traversal')).toEqual([]);
  });

  it('Windows commands that reveal something by themselves, after a separator, are command injection', () => {
    const payloads = [...WINDOWS_RECON].sort().flatMap((c) => [`& ${c}`, `|${c}.exe`]);
    expect(misses(payloads, 'command_injection')).toEqual([]);
  });
});
