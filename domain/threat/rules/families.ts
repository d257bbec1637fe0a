// Attack families per class: what a confirmed payload is generalised to. Each pattern is
// matched against the value AFTER the class's transformations (decoded, entity-decoded,
// lower-cased, and for SQL comments replaced and whitespace compressed), so it is written in
// lower case and needs no encoding alternatives. Every pattern must stay RE2-safe (checked in
// generate.ts) and at most 200 characters (the AWS WAF regex limit), which is why families
// are kept separate instead of one giant alternation.
import type { AttackClass, ModsecTransform } from './types';

export interface Family {
  family: string;
  pattern: string;
}

// Split in two families only to keep each regex under AWS WAF's 200-character limit.
const LOCAL_COMMANDS = 'cat|ls|id|whoami|uname|echo|rm|chmod|env|hostname|ps|base64|sleep|awk|python[23]?|perl|php|bash|sh|zsh|cmd|powershell|busybox';
const NETWORK_COMMANDS = 'ping|wget|curl|nc|ncat|nslookup|dig|telnet|socat|ifconfig|ipconfig|tftp|ftp|ssh';
// A shell metacharacter (or decoded newline, or $( ), then an optional /bin/ path, then the word.
const BEFORE_COMMAND = String.raw`(?:[;&|\n\r\x60]|\$\()\s*(?:/(?:usr/)?s?bin/)?`;
// ...followed by what ends a shell word, so CSS/prose "id; cat: 3px" is not a command.
const AFTER_COMMAND = String.raw`(?:[\s;&|<>'"\x60)$]|$)`;

export const FAMILIES: Record<AttackClass, Family[]> = {
  sql_injection: [
    // ' or 'a'='a  /  ') or ('1'='1  /  " or 1 in (1)  /  ' || true  /  ' or not false — the
    // family's grammar (rules/grammar/families.ts): parentheses, booleans, IN, BETWEEN, NOT.
    { family: 'tautology', pattern: String.raw`['"\x60]\s*\)*\s*(?:or|and|xor|\|\||&&)\s*\(*\s*(?:not\s+)?(?:true\b|false\b|['"]?\w+['"]?\s*(?:=|<>|!=|<=|>=|<|>|like\b|in\b|between\b)\s*\(?\s*['"]?\w+)` },
    // 1 or 1=1 without a quote to break out of (numeric context)
    { family: 'numeric_tautology', pattern: String.raw`(?:^|[\s(])-?\d+\s*\)?\s*(?:or|and|xor|\|\|)\s+\(?\d+\s*(?:=|<>|!=|<|>)\s*\d+` },
    { family: 'union_select', pattern: String.raw`\bunion(?:\s+(?:all|distinct))?\s*\(?\s*select\b` },
    { family: 'stacked_query', pattern: String.raw`;\s*(?:(?:drop|truncate|alter|create)\s+(?:table|database|schema|user|view|function)\b|delete\s+from\b|insert\s+into\b|update\s+\w+\s+set\b|exec(?:ute)?\s|shutdown\b|declare\s+@|select\s.+\bfrom\b)` },
    // admin'--  /  admin'#  /  1)--  : the rest of the query is cut off.
    { family: 'comment_terminator', pattern: String.raw`['")]\s*(?:--(?:\s|$|[-;'"])|#[^'"\n]*$|#\s+|;\s*--)` },
    { family: 'time_based', pattern: String.raw`\b(?:sleep|pg_sleep|benchmark)\s*\(\s*\d|\bwaitfor\s+(?:delay|time)\s*'` },
    { family: 'error_based', pattern: String.raw`\b(?:extractvalue|updatexml|exp|floor\s*\(\s*rand)\s*\(|\bconvert\s*\(\s*int\s*,|\bcast\s*\(.+\bas\s+(?:int|numeric)\b` },
    { family: 'schema_probe', pattern: String.raw`\binformation_schema\b|@@(?:version|datadir|hostname)\b|\bpg_catalog\.|\bsysobjects\b|\bsqlite_master\b` },
  ],
  xss: [
    { family: 'script_tag', pattern: String.raw`<\s*/?\s*script\b` },
    // onerror= / onmouseover= after a tag boundary, a space, slash or quote (attribute break-out).
    { family: 'event_handler', pattern: String.raw`(?:^|[\s"'/;<>])on[a-z]{3,}\s*=` },
    { family: 'js_url', pattern: String.raw`(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:|\bdata\s*:\s*text/html` },
    { family: 'dangerous_tag', pattern: String.raw`<\s*(?:iframe|frame|object|embed|svg|math|base|meta|applet|form|isindex|details|marquee)\b` },
    // No \s* before '(': prose says "an alert (again)", exploit code says alert(1).
    { family: 'js_sink', pattern: String.raw`\b(?:alert|prompt|confirm|eval)(?:\(|\x60)|\bdocument\s*\.\s*(?:cookie|domain|write)\b|\bstring\.fromcharcode\b` },
  ],
  command_injection: [
    // ; cat /etc/passwd  |  | id  |  && whoami  |  %0a ping -c1 x
    { family: 'metachar_command', pattern: `${BEFORE_COMMAND}(?:${LOCAL_COMMANDS})${AFTER_COMMAND}` },
    { family: 'metachar_network', pattern: `${BEFORE_COMMAND}(?:${NETWORK_COMMANDS})${AFTER_COMMAND}` },
    // $(curl http://x | sh): a command with arguments; `cmd` and $(cmd) alone are metachar_command.
    // Not any backtick pair: template literals (`Hello ${name}`) are everyday code.
    { family: 'substitution', pattern: String.raw`\$\(\s*(?:/(?:usr/)?s?bin/)?[a-z][\w.-]*\s+[-/\w]` },
    { family: 'ifs_evasion', pattern: String.raw`\$\{?ifs\}?` },
    { family: 'shell_path', pattern: String.raw`(?:^|[;&|\s\x60(])/(?:usr/)?s?bin/(?:ba|z|da|k|c)?sh\b` },
  ],
  path_traversal: [
    // `..;/` too: Tomcat/Jetty drop the `;` path parameter, so it climbs like `../`.
    { family: 'dotdot_sequence', pattern: String.raw`(?:\.\.;?[\\/]+){2,}|(?:^|[\\/=])\.\.;?[\\/]+\.\.;?(?:[\\/]|$)` },
    { family: 'sensitive_target', pattern: String.raw`\.\.[\\/]+(?:\S*[\\/])?(?:etc[\\/](?:passwd|shadow|group|hosts)|proc[\\/]self|win\.ini|boot\.ini|system32|\.ssh|\.htpasswd|web-inf)` },
    // Tomcat-style and filter-bypass spellings that still resolve to the parent directory.
    { family: 'dotdot_bypass', pattern: String.raw`\.\.;[\\/]|\.\.\.\.[\\/]{2}|\.\.%00|\.\.\x00` },
  ],
};

// Why per class: SQL needs comment replacement (UNION/**/SELECT) and whitespace folding;
// shell must NOT fold whitespace, because a decoded newline is itself a command separator;
// traversal needs only decoding.
export const CLASS_TRANSFORMS: Record<AttackClass, ModsecTransform[]> = {
  sql_injection: ['urlDecodeUni', 'htmlEntityDecode', 'lowercase', 'replaceComments', 'compressWhitespace'],
  xss: ['urlDecodeUni', 'htmlEntityDecode', 'lowercase', 'compressWhitespace'],
  command_injection: ['urlDecodeUni', 'htmlEntityDecode', 'lowercase'],
  path_traversal: ['urlDecodeUni', 'htmlEntityDecode', 'lowercase'],
};

export const CLASS_LABEL: Record<AttackClass, string> = {
  sql_injection: 'SQL injection',
  xss: 'cross-site scripting',
  command_injection: 'OS command injection',
  path_traversal: 'path traversal',
};

/** Short class slug for tags and metric names (sqli, xss, cmdi, traversal). */
export const CLASS_SLUG: Record<AttackClass, string> = {
  sql_injection: 'sqli',
  xss: 'xss',
  command_injection: 'cmdi',
  path_traversal: 'traversal',
};
