import { describe, expect, it } from 'vitest';
import { normalize } from '../../../domain/threat/detection/normalize';
import { runOracle } from '../index';

const path = (p: string, stack?: Parameters<typeof runOracle>[2]) => runOracle('path_traversal', p, stack);

describe('path traversal per server and OS', () => {
  it.each([
    ['..;/..;/..;/etc/passwd', 'tomcat', /path parameters dropped.*canary file reached/],
    ['..%u2215..%u2215..%u2215etc%u2215passwd', 'windows', /look-alike slashes.*canary file reached/],
    ['..／..／..／windows／win.ini', 'windows', /canary file reached/],
    ['..\\..\\..\\windows\\win.ini', 'windows', /canary file reached/],
    ['%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 'linux', /overlong UTF-8.*canary file reached/],
    ['php://filter/read=convert.base64-encode/resource=../../../../etc/passwd', 'php', /php:\/\/filter opens .*canary file reached/],
    ['file:///etc/passwd', 'php', /file:\/\/ wrapper.*canary/],
    ['expect://id', 'php', /runs the command/],
    ['data://text/plain;base64,PD9waHAgc3lzdGVtKCRfR0VUWzBdKTsgPz4=', 'php', /data: URL runs attacker-written PHP.*opens a PHP tag/],
    ['data:text/plain,<?php phpinfo(); ?>', 'php', /data: URL runs attacker-written PHP/],
    ['\\\\127.0.0.1\\c$\\windows\\win.ini', 'windows', /UNC path to this host.*canary file reached/],
  ])('%j → exploit on %s, naming it', async (p, stack, why) => {
    const r = await path(p);
    expect(r.verdict).toBe('exploit_possible');
    expect(r.confirmedOn).toContain(stack);
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it('a declared stack limits the judgement: Tomcat `..;/` is a plain name behind nginx on Linux', async () => {
    expect(await path('..;/..;/..;/etc/passwd', { server: 'nginx', os: 'linux' })).toMatchObject({ verdict: 'exploit_improbable', stacks: ['linux'] });
    expect(await path('..;/..;/..;/etc/passwd', { server: 'tomcat' })).toMatchObject({ verdict: 'exploit_possible', stacks: ['tomcat', 'linux'], confirmedOn: ['tomcat'] });
    expect(await path('..\\..\\..\\windows\\win.ini', { os: 'linux' })).toMatchObject({ verdict: 'exploit_improbable' });
  });
  it.each(['\\\\fileserver\\shared\\finance', 'data: list; user: 88px;', 'data:image/png;base64,qph9J0n3wgCyjWgulinm+1TKM2dElidG856fGzPM', 'php://filter/convert.base64-encode/resource=index.html', 'a;b/../index.html', 'C:\\Users\\Nikolai\\Pictures\\select.png'])(
    'benign %j → improbable on every platform',
    async (p) => {
      expect((await path(p)).verdict).toBe('exploit_improbable');
    },
  );
  it('the classifier and the path oracle read %u2215 alike: one look-alike slash table', async () => {
    expect(normalize('..%u2215etc%u2215passwd').decoded).toBe('../etc/passwd');
    expect((await path('..%u2215..%u2215..%u2215..%u2215etc%u2215passwd', { os: 'windows' })).evidence[0]).toMatch(/"..\/..\/..\/..\/etc\/passwd"/);
  });
});
