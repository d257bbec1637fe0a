// The harness runs through one small long-lived spawner child (runtime/modsec-spawner.mjs):
// verdicts as before, a dead spawner fails only the runs it held and is replaced on the next
// run, and an idle spawner never keeps its parent process alive.
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { requires } from '../test/support/requires';
import { runModsec } from './modsec';
import { spawnerPid } from './modsec-exec';

const modsec = requires('modsec');
const RULE = 'SecRule ARGS "@rx attack" "id:9500001,phase:2,deny,status:403"';
const requests = [{ uri: '/p?q=attack' }, { uri: '/p?q=hello' }];

modsec.describe('harness through the spawner', () => {
  it('answers as the harness does, and a killed spawner is replaced by the next run', async () => {
    const expected = [{ verdict: 'deny', status: 403, ruleId: 9500001 }, { verdict: 'allow' }];
    expect(await runModsec(RULE, requests, { harness: modsec.path })).toEqual(expected);
    const first = spawnerPid();
    expect(first).toBeGreaterThan(0);
    // In flight when the spawner dies: that run fails (retryable), the next one gets a new spawner.
    const inFlight = runModsec(RULE, requests, { harness: modsec.path });
    process.kill(first!, 'SIGKILL');
    await expect(inFlight).rejects.toThrow(/spawner exited/);
    expect(await runModsec(RULE, requests, { harness: modsec.path })).toEqual(expected);
    expect(spawnerPid()).not.toBe(first);
  }, 60_000);

  it('does not keep a one-shot process alive once its run is answered', () => {
    const script = `import { runModsec } from './runtime/modsec.ts';
      const out = await runModsec(${JSON.stringify(RULE)}, [{ uri: '/p?q=attack' }], { harness: ${JSON.stringify(modsec.path)} });
      console.log(out[0].verdict);`;
    const started = Date.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('..', import.meta.url), timeout: 30_000 }).toString();
    expect(out.trim()).toBe('deny');
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
