import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SAMPLE_NAMES, sampleYaml } from '../test-support';
import { parseEnvironmentSpec, parseEnvironmentSpecObject, SpecError } from './spec';

const sandboxObj = () => parse(sampleYaml('sandbox')) as Record<string, any>;

function specError(mutate: (o: Record<string, any>) => void): SpecError {
  const o = sandboxObj();
  mutate(o);
  try {
    parseEnvironmentSpecObject(o);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a SpecError');
}

describe('sample environments', () => {
  it.each(SAMPLE_NAMES)('%s parses', (name) => {
    const spec = parseEnvironmentSpec(sampleYaml(name));
    expect(spec.name).toBe(name);
    expect(spec.criticalFlows.length).toBeGreaterThanOrEqual(3);
    expect(spec.undocumentedEdges.length).toBeGreaterThanOrEqual(1);
  });

  it('have the tiers the brief asks for; only the sandbox drifts', () => {
    const tiers = SAMPLE_NAMES.map((n) => parseEnvironmentSpec(sampleYaml(n))).map((s) => [s.name, s.tier, !!s.drift]);
    expect(tiers).toEqual([
      ['sandbox', 'sandbox', true],
      ['prod-payments', 'prod', false],
      ['stage-platform', 'stage', false],
    ]);
  });

  it('stage-platform is multi-tenant', () => {
    const spec = parseEnvironmentSpec(sampleYaml('stage-platform'));
    expect(new Set(spec.assets.map((a) => a.tenant ?? spec.tenant))).toEqual(new Set(['platform', 'acme', 'globex']));
  });

  it('round-trips through YAML', () => {
    const spec = parseEnvironmentSpec(sampleYaml('sandbox'));
    expect(parseEnvironmentSpec(stringify(spec))).toEqual(spec);
  });
});

describe('spec errors name the bad field', () => {
  it('wrong type deep inside an asset, with the asset id', () => {
    const e = specError((o) => (o.assets[1].ports[0] = 'http'));
    expect(e.path).toBe('assets[1].ports[0]');
    expect(e.message).toContain('assets[1].ports[0]');
    expect(e.message).toContain('"api"');
  });

  it('misspelt key', () => {
    const e = specError((o) => (o.assets[0].prots = [1]));
    expect(e.path).toBe('assets[0].prots');
  });

  it('missing required field', () => {
    expect(specError((o) => delete o.slo).path).toBe('slo');
    expect(specError((o) => delete o.telemetry.failed_scans).path).toBe('telemetry.failed_scans');
  });

  it('out-of-range and malformed values', () => {
    expect(specError((o) => (o.slo.maxBreakageRisk = 2)).path).toBe('slo.maxBreakageRisk');
    expect(specError((o) => (o.adminCidrs = ['10.0.0.300/24'])).path).toBe('adminCidrs[0]');
    expect(specError((o) => (o.tier = 'production')).path).toBe('tier');
  });

  it('cross references', () => {
    expect(specError((o) => (o.edges[1].to = 'nowhere')).path).toBe('edges[1].to');
    expect(specError((o) => (o.edges[1].port = 9999)).message).toMatch(/port 9999 is not among the ports of "api"/);
    expect(specError((o) => o.assets.push({ ...o.assets[0] })).message).toMatch(/duplicate asset id "web"/);
    expect(specError((o) => (o.assets[0].roles = ['db'])).path).toBe('assets[0].roles[0]');
    expect(specError((o) => (o.breakGlassRoles = ['ghost'])).path).toBe('breakGlassRoles[0]');
    expect(specError((o) => o.undocumentedEdges.push({ ...o.edges[0] })).path).toBe('undocumentedEdges[1]');
  });

  it('used permissions must be held', () => {
    const e = specError((o) => o.assets.find((a: any) => a.id === 'api-sa').usedPermissions.push('root'));
    expect(e.path).toMatch(/^assets\[\d+\]\.usedPermissions\[4\]$/);
    expect(e.message).toContain('"root"');
  });

  it('critical flows must follow documented edges and name identities', () => {
    const e = specError((o) => (o.criticalFlows[0].path = ['internet', 'web', 'payments']));
    expect(e.path).toBe('criticalFlows[0].path[2]');
    expect(e.message).toContain('no documented edge web -> payments');
    expect(specError((o) => (o.criticalFlows[0].identity = 'web')).path).toBe('criticalFlows[0].identity');
    expect(specError((o) => (o.criticalFlows[1].port = 1234)).path).toBe('criticalFlows[1].port');
  });

  it('a flow the spec itself breaks is rejected', () => {
    const e = specError((o) => (o.criticalFlows[0].permission = 'db:drop'));
    expect(e.path).toBe('criticalFlows[0]');
    expect(e.message).toContain('payments-sa lacks permission db:drop');
  });

  it('drift belongs to sandboxes only', () => {
    expect(specError((o) => (o.tier = 'prod')).path).toBe('drift');
  });

  it('invalid YAML', () => {
    expect(() => parseEnvironmentSpec('name: [unclosed')).toThrow(SpecError);
    expect(() => parseEnvironmentSpec('name: [unclosed')).toThrow(/invalid YAML/);
  });
});
