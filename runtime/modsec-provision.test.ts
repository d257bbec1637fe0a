// ensureModsecHarness: a configured harness must work (it is never silently replaced), and a
// missing or broken one is reported with the reason and the command that fixes it.
import { describe, expect, it } from 'vitest';
import { requires } from '../test/support/requires';
import { ensureModsecHarness, modsecWarning } from './modsec-provision';

const modsec = requires('modsec');

describe('ensureModsecHarness', () => {
  it('refuses a configured path that is not executable, naming MODSEC_HARNESS in the fix', async () => {
    const a = await ensureModsecHarness('/nonexistent/modsec-harness');
    expect(a).toMatchObject({ available: false, reason: 'MODSEC_HARNESS=/nonexistent/modsec-harness is not an executable file' });
    expect(!a.available && a.fix).toContain('MODSEC_HARNESS');
  });

  it('refuses a binary that does not run as the harness', async () => {
    const a = await ensureModsecHarness('/bin/false');
    expect(a).toMatchObject({ available: false, reason: expect.stringMatching(/^\/bin\/false does not run/) });
    expect(!a.available && a.fix).toContain('bash ops/install-modsecurity.sh');
  });

  modsec.it('accepts a working harness after loading an empty rule set on it', async () => {
    expect(await ensureModsecHarness(modsec.path, { install: false })).toEqual({ available: true, harness: modsec.path });
  });

  it('warns in several lines naming the reason, the effect and the fix', () => {
    const text = modsecWarning({ available: false, reason: 'no apt-get', fix: 'bash ops/install-modsecurity.sh' });
    expect(text.split('\n').length).toBeGreaterThan(4);
    expect(text).toContain('no apt-get');
    expect(text).toContain('rule_verification_unavailable');
    expect(text).toContain('bash ops/install-modsecurity.sh');
  });
});
