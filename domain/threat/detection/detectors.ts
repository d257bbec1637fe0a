// Structural detectors: hand-written patterns for the shapes that make an injection work
// (a quote that closes a string and then a boolean, a tag with an event handler, a shell
// separator followed by a command, ../ after decoding). They run on normalised text, so
// encodings do not hide them, and they feed the classifier as named features: the model
// learns how much to trust each one, and explanations can cite them by name. Command names,
// sensitive files, SQL functions and script sinks come from the product's shared vocabulary
// (domain/threat/vocabulary, compiled in lexicon.ts), the same lists the oracles and the rule
// families read.
import {
  DANGEROUS_TAG, hasEventHandler, hasLeadingCommand, hasSeparatedCommand, JS_SINK, SENSITIVE_PATH, SQL_FUNCTION, SQL_TIME,
} from './lexicon';

export type DetectorName =
  | 'sql_quote_boolean'
  | 'sql_tautology'
  | 'sql_numeric_tautology'
  | 'sql_union_select'
  | 'sql_comment_terminator'
  | 'sql_time_function'
  | 'sql_function_call'
  | 'sql_stacked_query'
  | 'html_tag'
  | 'html_dangerous_tag'
  | 'html_event_handler'
  | 'js_scheme'
  | 'js_sink_call'
  | 'shell_separator_command'
  | 'shell_substitution'
  | 'shell_binary_path'
  | 'shell_shellshock_or_ssi'
  | 'shell_leading_separator'
  | 'code_exec_call'
  | 'path_dotdot'
  | 'path_sensitive_file'
  | 'path_absolute_root';

export interface Detector {
  name: DetectorName;
  /** Which text it looks at: `text` has SQL comments turned into spaces, `decoded` keeps them. */
  on: 'text' | 'decoded';
  test: (s: string) => boolean;
  why: string;
}

const re = (r: RegExp) => (s: string) => r.test(s);

// A whole value that is a numeric boolean expression: `2 or 1`, `1 or 1=1-- `, `1) or (2`,
// `-1 || 1`. In a numeric context (`WHERE id = <value>`) it makes the condition true for every
// row; it needs no quote, so sql_quote_boolean cannot see it. Anchored to the whole value (a
// trailing comment or `;` allowed), so prose such as "pick 1 or 2 of them" does not fire it.
const NUM = String.raw`-?\d+(?:\.\d+)?`;
const NUMERIC_TAUTOLOGY = new RegExp(
  String.raw`^[\s(]*${NUM}[\s)]*(?:or|xor|\|\|)[\s(]*(?:true|${NUM}(?:\s*(?:=|<>|!=|<=|>=|<|>|\blike\b)\s*${NUM})?)[\s)]*(?:$|--|#|;)`,
);

// Patterns are anchored on structure, not on single words, so prose that merely mentions
// "select" or "alert" does not fire them.
export const DETECTORS: readonly Detector[] = [
  { name: 'sql_quote_boolean', on: 'text', test: re(/['"`]\s*\)*\s*(?:or|and|xor|\|\||&&|having|where)[\s(]|\d\s*\)*\s*(?:or|and)\s+\(*\s*\d+\s*(?:=|<|>|like)/), why: 'a quote or number closes a value and a boolean operator follows' },
  { name: 'sql_tautology', on: 'text', test: re(/(?:^|[\s(])['"]?(\w+)['"]?\s*(?:=|<=>|\blike\b)\s*['"]?\1(?:['"]|\b)/), why: 'an always-true comparison such as 1=1 or \'a\'=\'a\'' },
  { name: 'sql_numeric_tautology', on: 'text', test: re(NUMERIC_TAUTOLOGY), why: 'the whole value is a numeric OR (2 or 1, 1) or (2): true for every row in a numeric context' },
  { name: 'sql_union_select', on: 'text', test: re(/\bunion\b(?:\s+(?:all|distinct))?\s*\(*\s*select\b|\bselect\b.{0,80}\bfrom\b|\bselect\s+(?:\d|null|@@|\w+\s*\(|\*)/), why: 'a UNION SELECT or SELECT ... FROM query fragment' },
  { name: 'sql_comment_terminator', on: 'decoded', test: re(/['"`)]\s*(?:--|#|\/\*|;\s*--)|(?:--|#)\s*$|\/\*.*\*\//), why: 'a quote followed by a SQL comment that cuts off the rest of the query' },
  { name: 'sql_time_function', on: 'text', test: re(SQL_TIME), why: 'a time-delay function used for blind injection' },
  { name: 'sql_function_call', on: 'text', test: re(SQL_FUNCTION), why: 'SQL functions or catalog tables typical of data extraction, file access or command execution' },
  { name: 'sql_stacked_query', on: 'text', test: re(/;\s*(?:select|insert|update|delete|drop|exec|execute|declare|shutdown|create|alter|truncate)\b|\b(?:drop|truncate)\s+table\b|\binsert\s+into\b.{0,60}\bvalues\b|\bexec(?:ute)?\s+(?:master\.|xp_|sp_)/), why: 'a second SQL statement appended to the query' },
  { name: 'html_tag', on: 'text', test: re(/<\/?[a-z!?][a-z0-9:-]*(?:[\s/>]|$)/), why: 'an HTML tag opens' },
  { name: 'html_dangerous_tag', on: 'text', test: re(DANGEROUS_TAG), why: 'a tag that can run script or load a resource' },
  { name: 'html_event_handler', on: 'text', test: hasEventHandler, why: 'an inline event handler attribute (onerror=, onload=)' },
  { name: 'js_scheme', on: 'text', test: re(/(?:java|vb|live)script\s*:|data\s*:\s*(?:text\/html|image\/svg|application\/x?html)|-moz-binding|\bexpression\s*\(/), why: 'a scriptable URL scheme or CSS expression' },
  { name: 'js_sink_call', on: 'text', test: re(JS_SINK), why: 'a JavaScript sink called (alert(, document.cookie)' },
  { name: 'shell_separator_command', on: 'text', test: hasSeparatedCommand, why: 'a shell separator (; | && `) followed by a command' },
  { name: 'shell_substitution', on: 'text', test: re(/`[^`]{1,80}`|\$\([^)]{1,80}\)|\$\{ifs\}|\$ifs\b/), why: 'command substitution (`...` or $(...))' },
  { name: 'shell_binary_path', on: 'text', test: re(/\/(?:usr\/)?s?bin\/[a-z]+|\bcmd(?:\.exe)?\s*\/[ck]\b|\bpowershell\b|\/dev\/(?:tcp|udp)\//), why: 'a path to a shell binary' },
  { name: 'shell_shellshock_or_ssi', on: 'text', test: re(/\(\)\s*\{\s*:?\s*;?\s*\}\s*;|<!--\s*#\s*(?:exec|include|echo)/), why: 'a Shellshock function definition or a server-side include' },
  { name: 'shell_leading_separator', on: 'text', test: hasLeadingCommand, why: 'the value starts by ending one command and starting another' },
  { name: 'code_exec_call', on: 'text', test: re(/\bphp[a-z_]*\s*\(|\b(?:system|passthru|shell_exec|popen|proc_open|pcntl_exec|exec|assert|create_function)\s*\(\s*['"$`]|\b(?:runtime\.getruntime|processbuilder|child_process|os\.system|subprocess)\b/), why: 'a server-side code or process execution call' },
  { name: 'path_dotdot', on: 'text', test: re(/(?:^|[/\\])\.{2,}[/\\]|[/\\]\.{2,}(?:[/\\]|$)|^\.{2,}$/), why: '../ segments that climb out of the web root' },
  { name: 'path_sensitive_file', on: 'text', test: re(SENSITIVE_PATH), why: 'a sensitive file the path oracle keeps as a canary, or a sensitive system directory' },
  { name: 'path_absolute_root', on: 'text', test: re(/^(?:\/|[a-z]:[/\\]|\\\\|file:\/\/)/), why: 'an absolute path or file:// URL' },
];

export const DETECTOR_NAMES: readonly DetectorName[] = DETECTORS.map((d) => d.name);

/** Which detectors fire, as 0/1 into `out` starting at `offset`. Allocation-free. */
export function runDetectors(text: string, decoded: string, out: Float64Array, offset: number): void {
  for (let i = 0; i < DETECTORS.length; i++) {
    const d = DETECTORS[i];
    out[offset + i] = d.test(d.on === 'text' ? text : decoded) ? 1 : 0;
  }
}
