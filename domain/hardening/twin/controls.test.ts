import { describe, expect, it } from 'vitest';
import { candidateActions } from '../actions/validate';
import { seededRng } from '../../rng';
import { loadSample } from '../test-support';
import { applyAction, driftControls, initialControls, parseControls, reconcileControls } from './controls';

const sandbox = loadSample('sandbox');
const always = () => 0; // rng that always fires drift and picks the first group

describe('initialControls', () => {
  it('mirrors the spec', () => {
    const c = initialControls(sandbox);
    expect(c.assets.api).toMatchObject({ openPorts: [22, 8080, 8081], ingress: 'public', allowlist: false, tlsMinVersion: '1.0' });
    expect(c.assets.worker).toMatchObject({ privileged: true, podSecurity: 'privileged', capabilitiesDropped: false });
    expect(c.assets.worker.limits).toBeUndefined();
    expect(c.assets['payments-sa']).toMatchObject({ mfa: false, credentialsStale: true, credentialGeneration: 0 });
    expect(c.assets.backups).toMatchObject({ ingress: 'public', encryptionAtRest: false });
  });

  it('is valid, JSON-serialisable control state', () => {
    const c = initialControls(sandbox);
    expect(parseControls(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });
});

describe('reconcileControls', () => {
  it('keeps live state, adds new assets from the spec, drops removed ones', () => {
    const live = applyAction(sandbox, initialControls(sandbox), { actionId: 'restrict_ingress', target: 'api', params: {} });
    const edited = {
      ...sandbox,
      assets: [...sandbox.assets.filter((a) => a.id !== 'backups'), { id: 'search', kind: 'service' as const, namespace: 'shop', ports: [9200] }],
    };
    const c = reconcileControls(edited, live);
    expect(c.assets.api.ingress).toBe('restricted');
    expect(c.assets.search).toMatchObject({ openPorts: [9200], ingress: 'restricted' });
    expect(c.assets.backups).toBeUndefined();
  });
});

describe('driftControls', () => {
  const hardened = [
    { actionId: 'restrict_ingress', target: 'api', params: {} },
    { actionId: 'enable_logging', target: 'db', params: {} },
    { actionId: 'rotate_credentials', target: 'payments-sa', params: {} },
  ].reduce((c, a) => applyAction(sandbox, c, a), initialControls(sandbox));

  it('nothing applied, nothing to drift', () => {
    expect(driftControls(sandbox, initialControls(sandbox), always)).toEqual({ controls: initialControls(sandbox), drifted: [] });
  });

  it('reverts exactly one applied hardening back to the spec', () => {
    const { controls, drifted } = driftControls(sandbox, hardened, always);
    expect(drifted).toEqual(['restrict_ingress@api']);
    expect(controls.assets.api.ingress).toBe('public');
    expect(controls.assets.db.logging).toBe(true);
    // The drifted hardening is proposable again.
    expect(candidateActions(sandbox, controls).map((a) => `${a.actionId}@${a.target}`)).toContain('restrict_ingress@api');
  });

  it('credentials drift back to stale but their generation never goes backwards', () => {
    const rngPickingLast = (() => {
      const xs = [0, 0.99];
      return () => xs.shift() ?? 0;
    })();
    const { controls, drifted } = driftControls(sandbox, hardened, rngPickingLast);
    expect(drifted).toEqual(['rotate_credentials@payments-sa']);
    expect(controls.assets['payments-sa']).toMatchObject({ credentialsStale: true, credentialGeneration: 1 });
  });

  it('fires with the configured probability', () => {
    const rng = seededRng('drift-rate');
    let fired = 0;
    for (let i = 0; i < 2000; i++) if (driftControls(sandbox, hardened, rng).drifted.length > 0) fired++;
    expect(fired / 2000).toBeGreaterThan(0.25);
    expect(fired / 2000).toBeLessThan(0.35);
  });

  it('is deterministic for a seed', () => {
    const run = () => driftControls(sandbox, hardened, seededRng('x'));
    expect(run()).toEqual(run());
  });

  it('never happens outside the sandbox tier', () => {
    const prod = loadSample('prod-payments');
    const c = applyAction(prod, initialControls(prod), { actionId: 'enable_logging', target: 'ledger', params: {} });
    expect(driftControls(prod, c, always).drifted).toEqual([]);
  });
});
