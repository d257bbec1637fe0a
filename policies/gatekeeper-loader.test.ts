// End-to-end checks of the committed gatekeeper wasm through loadGatekeeperBundle: each
// threshold boundary and each refusal, on inputs shaped like the rule pipeline's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GATEKEEPER_BUNDLE_DIR, loadGatekeeperBundle, type GatekeeperEngine, type GatekeeperInput } from './gatekeeper-loader';
import { DEFAULT_BUNDLE_DIR, PolicyBundleError } from './loader';
import { distinct, recording } from './differential';
import { gatekeeperMismatches } from './differential-compare';
import { gatekeeperInput, opaOrSkip } from './test-support';

// Records every input, so the last test can check each against the OPA CLI.
let engine: ReturnType<typeof recording<GatekeeperEngine>>;
beforeAll(async () => {
  engine = recording(await loadGatekeeperBundle());
});

const action = (input: GatekeeperInput) => engine.evaluate(input).action;
const rejections = (input: GatekeeperInput) =>
  engine.evaluate(input).reasons.map((r) => /^Reject ([a-z_]+):/.exec(r)?.[1] ?? `unnamed: ${r}`);

describe('loadGatekeeperBundle (real wasm)', () => {
  it('versions decisions with the manifest sha256', () => {
    const manifest = JSON.parse(readFileSync(path.join(GATEKEEPER_BUNDLE_DIR, 'manifest.json'), 'utf8'));
    expect(engine.version).toBe(manifest.sha256);
    expect(engine.evaluate(gatekeeperInput(0.93))).toEqual({
      action: 'auto_apply',
      reasons: ['Threshold auto_apply: confidence 0.93 (min of rule and evidence) >= auto_apply 0.9 for tier default.'],
      policy_version: manifest.sha256,
    });
  });

  it('auto-applies from 0.90 and sends 0.8999 to human review', () => {
    expect(action(gatekeeperInput(0.9))).toBe('auto_apply');
    expect(action(gatekeeperInput(0.8999))).toBe('human_review');
    expect(action(gatekeeperInput(1))).toBe('auto_apply');
  });

  it('reviews from 0.70 and only logs 0.6999', () => {
    expect(action(gatekeeperInput(0.7))).toBe('human_review');
    expect(action(gatekeeperInput(0.6999))).toBe('log_only');
    expect(engine.evaluate(gatekeeperInput(0.6999)).reasons).toEqual([
      'Threshold log_only: confidence 0.6999 (min of rule and evidence) < human_review 0.7 for tier default.',
    ]);
    expect(action(gatekeeperInput(0))).toBe('log_only');
  });

  it('judges the weaker of rule and evidence confidence', () => {
    expect(action(gatekeeperInput(0.97, { evidence: { confidence: 0.8999 } }))).toBe('human_review');
    expect(action(gatekeeperInput(0.97, { rule: { confidence: 0.6999 } }))).toBe('log_only');
  });

  it('needs 0.95 to auto-apply in prod; other tiers keep the defaults', () => {
    const prod = { environment: { tier: 'prod' } };
    expect(action(gatekeeperInput(0.9499, prod))).toBe('human_review');
    expect(action(gatekeeperInput(0.95, prod))).toBe('auto_apply');
    expect(action(gatekeeperInput(0.6999, prod))).toBe('log_only');
    expect(action(gatekeeperInput(0.9, { environment: { tier: 'stage' } }))).toBe('auto_apply');
  });

  it('rejects an unverified rule however confident', () => {
    const d = engine.evaluate(gatekeeperInput(0.99, { rule: { verified: false } }));
    expect(d.action).toBe('reject');
    expect(d.reasons).toEqual([
      'Reject unverified: rule 9100042 has not passed verification on ModSecurity, so it cannot be deployed.',
    ]);
  });

  it('rejects a false-positive rate of 0.1% or more', () => {
    expect(rejections(gatekeeperInput(0.99, { rule: { fp_rate: 0.001 } }))).toEqual(['false_positive_rate']);
    expect(rejections(gatekeeperInput(0.99, { rule: { fp_rate: 0.05 } }))).toEqual(['false_positive_rate']);
    expect(action(gatekeeperInput(0.99, { rule: { fp_rate: 0.000999 } }))).toBe('auto_apply');
  });

  it('rejects rules from non-actionable evidence or of unknown class, tier or family', () => {
    expect(rejections(gatekeeperInput(0.95, { evidence: { verdict: 'tag' } }))).toEqual(['evidence_verdict']);
    expect(rejections(gatekeeperInput(0.95, { rule: { attack_class: 'ldap_injection' } }))).toEqual(['attack_class']);
    expect(rejections(gatekeeperInput(0.95, { rule: { families: [] } }))).toEqual(['no_families']);
    expect(rejections(gatekeeperInput(0.95, { environment: { tier: 'qa' } }))).toEqual(['known_tier']);
  });

  it('reports every refusal at once, sorted', () => {
    const input = gatekeeperInput(0.95, { rule: { verified: false, fp_rate: 0.2 }, evidence: { verdict: 'benign' } });
    const d = engine.evaluate(input);
    expect(d.action).toBe('reject');
    expect(rejections(input)).toEqual([
      'evidence_verdict',
      'false_positive_rate',
      'unverified',
    ]);
    for (const r of d.reasons) expect(r).toMatch(/^Reject [a-z_]+: .+\.$/);
  });

  it('fails closed on malformed input instead of throwing', () => {
    const broken = { rule: { id: 9100042, verified: true }, evidence: {} } as unknown as GatekeeperInput;
    expect(rejections(broken)).toEqual(['input_shape']);
    expect(engine.evaluate(broken).reasons[0]).toContain('rule.confidence');
    expect(rejections(gatekeeperInput(1.2))).toEqual(['input_shape']);
    expect(rejections('auto_apply' as unknown as GatekeeperInput)).toEqual(['input_shape']);
  });

  it('refuses the hardening bundle in place of the gatekeeper', async () => {
    const err = await loadGatekeeperBundle(DEFAULT_BUNDLE_DIR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyBundleError);
    expect((err as Error).message).toMatch(/is for bulwark\/hardening\/decision, expected bulwark\/gatekeeper\/decision/);
  });

  // Last on purpose: tests in a file run in order, so every input above has been recorded.
  it('decided every input above as the OPA CLI does', { timeout: 600_000 }, (ctx) => {
    const inputs = distinct(engine.inputs);
    if (inputs.length === 0) ctx.skip('no input recorded: the tests above were filtered out');
    expect(gatekeeperMismatches(opaOrSkip(ctx), engine, inputs)).toEqual([]);
  });
});
