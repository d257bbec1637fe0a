// Structural detectors: hand-written patterns for the shapes that make an injection work
// (a quote that closes a string and then a boolean, a tag with an event handler, a shell
// separator followed by a command, ../ after decoding). They run on normalised text, so
// encodings do not hide them, and they feed the classifier as named features: the model
// learns how much to trust each one, and explanations can cite them by name.

export type DetectorName =
  | 'sql_quote_boolean'
  | 'sql_tautology'
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
  re: RegExp;
  why: string;
}

const SHELL_COMMANDS =
  'id|whoami|uname|cat|ls|dir|ping|nc|netcat|ncat|wget|curl|bash|sh|zsh|ksh|cmd|powershell|echo|sleep|' +
  'ifconfig|ipconfig|netstat|ps|pwd|type|systeminfo|nslookup|perl|python\\d?|php|ruby|rm|chmod|touch|net|' +
  'hostname|which|telnet|ver|tasklist|uname|env|sysinfo|phpinfo|reboot|shutdown|kill|nohup|xterm|ftp|tftp|' +
  'del|copy|move|start|exec|system|passthru|shell_exec|popen|proc_open|eval|timeout|get-content|iex|certutil';

// Patterns are anchored on structure, not on single words, so prose that merely mentions
// "select" or "alert" does not fire them.
export const DETECTORS: readonly Detector[] = [
  { name: 'sql_quote_boolean', on: 'text', re: /['"`]\s*\)*\s*(?:or|and|xor|\|\||&&|having|where)[\s(]|\d\s*\)*\s*(?:or|and)\s+\(*\s*\d+\s*(?:=|<|>|like)/, why: 'a quote or number closes a value and a boolean operator follows' },
  { name: 'sql_tautology', on: 'text', re: /(?:^|[\s(])['"]?(\w+)['"]?\s*(?:=|<=>|\blike\b)\s*['"]?\1(?:['"]|\b)/, why: 'an always-true comparison such as 1=1 or \'a\'=\'a\'' },
  { name: 'sql_union_select', on: 'text', re: /\bunion\b(?:\s+(?:all|distinct))?\s*\(*\s*select\b|\bselect\b.{0,80}\bfrom\b|\bselect\s+(?:\d|null|@@|\w+\s*\(|\*)/, why: 'a UNION SELECT or SELECT ... FROM query fragment' },
  { name: 'sql_comment_terminator', on: 'decoded', re: /['"`)]\s*(?:--|#|\/\*|;\s*--)|(?:--|#)\s*$|\/\*.*\*\//, why: 'a quote followed by a SQL comment that cuts off the rest of the query' },
  { name: 'sql_time_function', on: 'text', re: /\b(?:sleep|benchmark|pg_sleep|dbms_lock\.sleep|randomblob|dbms_pipe\.receive_message)\s*\(|\bwaitfor\s+(?:delay|time)\b/, why: 'a time-delay function used for blind injection' },
  { name: 'sql_function_call', on: 'text', re: /\b(?:char|chr|concat|concat_ws|substring|substr|ascii|cast|convert|count|version|database|user|load_file|extractvalue|updatexml|elt|rand|floor|md5|hex|unhex|group_concat|utl_inaddr\.get_host_address|xp_cmdshell|ord|mid|ifnull|iif|nullif)\s*\(|@@\w+|\binformation_schema\b|\bsys(?:objects|columns|databases)\b/, why: 'SQL functions or catalog tables typical of data extraction' },
  { name: 'sql_stacked_query', on: 'text', re: /;\s*(?:select|insert|update|delete|drop|exec|execute|declare|shutdown|create|alter|truncate)\b|\b(?:drop|truncate)\s+table\b|\binsert\s+into\b.{0,60}\bvalues\b|\bexec(?:ute)?\s+(?:master\.|xp_|sp_)/, why: 'a second SQL statement appended to the query' },
  { name: 'html_tag', on: 'text', re: /<\/?[a-z!?][a-z0-9:-]*(?:[\s/>]|$)/, why: 'an HTML tag opens' },
  { name: 'html_dangerous_tag', on: 'text', re: /<\/?(?:script|iframe|img|image|svg|body|object|embed|style|link|meta|base|form|input|video|audio|details|marquee|isindex|math|frame|frameset|applet|xss|bgsound|layer|xml|html|textarea|keygen|source|template|a|div|table|td|x|animate|set|button|select|option)\b/, why: 'a tag that can run script or load a resource' },
  { name: 'html_event_handler', on: 'text', re: /(?:^|[\s"'/;])on[a-z]{3,}\s*=/, why: 'an inline event handler attribute (onerror=, onload=)' },
  { name: 'js_scheme', on: 'text', re: /(?:java|vb|live)script\s*:|data\s*:\s*(?:text\/html|image\/svg|application\/x?html)|-moz-binding|\bexpression\s*\(/, why: 'a scriptable URL scheme or CSS expression' },
  { name: 'js_sink_call', on: 'text', re: /\b(?:alert|prompt|confirm|eval|settimeout|setinterval|fromcharcode|atob|fetch)\s*(?:\(|`)|document\s*\.\s*(?:cookie|write|domain|location)|\.innerhtml|window\s*\.\s*location|\bself\s*\[/, why: 'a JavaScript sink called (alert(, document.cookie)' },
  { name: 'shell_separator_command', on: 'text', re: new RegExp(`(?:^|[;&|\`\\n]|\\$\\(|\\)\\s*;)\\s*(?:/?(?:usr/)?s?bin/)?(?:${SHELL_COMMANDS})\\b(?!['])`), why: 'a shell separator (; | && `) followed by a command' },
  { name: 'shell_substitution', on: 'text', re: /`[^`]{1,80}`|\$\([^)]{1,80}\)|\$\{ifs\}|\$ifs\b/, why: 'command substitution (`...` or $(...))' },
  { name: 'shell_binary_path', on: 'text', re: /\/(?:usr\/)?s?bin\/[a-z]+|\bcmd(?:\.exe)?\s*\/[ck]\b|\bpowershell\b|\/dev\/(?:tcp|udp)\//, why: 'a path to a shell binary' },
  { name: 'shell_shellshock_or_ssi', on: 'text', re: /\(\)\s*\{\s*:?\s*;?\s*\}\s*;|<!--\s*#\s*(?:exec|include|echo)/, why: 'a Shellshock function definition or a server-side include' },
  { name: 'shell_leading_separator', on: 'text', re: new RegExp(`^['"]?\\s*(?:;|\\|\\|?|&&?|\`|\\$\\()\\s*(?:/?(?:usr/)?s?bin/)?(?:${SHELL_COMMANDS})\\b`), why: 'the value starts by ending one command and starting another' },
  { name: 'code_exec_call', on: 'text', re: /\bphp[a-z_]*\s*\(|\b(?:system|passthru|shell_exec|popen|proc_open|pcntl_exec|exec|assert|create_function)\s*\(\s*['"$`]|\b(?:runtime\.getruntime|processbuilder|child_process|os\.system|subprocess)\b/, why: 'a server-side code or process execution call' },
  { name: 'path_dotdot', on: 'text', re: /(?:^|[/\\])\.{2,}[/\\]|[/\\]\.{2,}(?:[/\\]|$)|^\.{2,}$/, why: '../ segments that climb out of the web root' },
  { name: 'path_sensitive_file', on: 'text', re: /etc[/\\](?:passwd|shadow|hosts|group|issue|motd|fstab)|boot\.ini|win\.ini|system\.ini|system32|web-inf|\.htaccess|\.htpasswd|proc[/\\]self|\.ssh[/\\]|id_rsa|\.bash_history|[/\\]winnt[/\\]|[/\\]windows[/\\]/, why: 'a well-known sensitive file or system directory' },
  { name: 'path_absolute_root', on: 'text', re: /^(?:\/|[a-z]:[/\\]|\\\\|file:\/\/)/, why: 'an absolute path or file:// URL' },
];

export const DETECTOR_NAMES: readonly DetectorName[] = DETECTORS.map((d) => d.name);

/** Which detectors fire, as 0/1 into `out` starting at `offset`. Allocation-free. */
export function runDetectors(text: string, decoded: string, out: Float64Array, offset: number): void {
  for (let i = 0; i < DETECTORS.length; i++) {
    const d = DETECTORS[i];
    out[offset + i] = d.re.test(d.on === 'text' ? text : decoded) ? 1 : 0;
  }
}
