// Every sample under environments/ parses, is described in the README, and together
// the samples exercise all ten ZT-RL use cases.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnvironmentSpec, type EnvironmentSpec } from '../spec';

const DIR = new URL('../../../../environments/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const specs: EnvironmentSpec[] = files.map((f) => parseEnvironmentSpec(readFileSync(new URL(f, DIR), 'utf8')));
const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
const some = (p: (s: EnvironmentSpec) => boolean) => specs.some(p);
const kinds = (s: EnvironmentSpec, k: string) => s.assets.filter((a) => a.kind === k);

describe('sample environments', () => {
  it('at least six, each parsing and named like its file', () => {
    expect(specs.length).toBeGreaterThanOrEqual(6);
    specs.forEach((s, i) => expect(`${s.name}.yaml`).toBe(files[i]));
  });

  it.each(files.map((f) => f.replace(/\.yaml$/, '')))('%s has a README line saying what it shows', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\| (sandbox|stage|prod) \\| .{20,}\\|$`, 'm'));
  });

  const USE_CASES: [string, (s: EnvironmentSpec) => boolean][] = [
    ['1 network exposure', (s) => s.assets.some((a) => a.public) && s.adminCidrs.length > 0],
    ['2 workload posture with an exception list', (s) => s.exceptions.length > 0 && s.assets.some((a) => a.privileged)],
    ['3 IAM least privilege, break-glass, owner tags', (s) => s.breakGlassRoles.length > 0 && !!s.iam?.requireOwnerTag && kinds(s, 'identity').some((a) => a.usedPermissions)],
    ['4 WAF caps per tier and partner routes', (s) => !!s.waf?.maxStrictness && (s.waf?.partnerRoutes.length ?? 0) > 0],
    ['5 incident response', (s) => (s.incidentResponse?.essentialFlows.length ?? 0) > 0],
    ['6 compliance baseline', (s) => (s.compliance?.baseline.length ?? 0) > 0],
    ['7 pipelines, runners, signing and scanning', (s) => kinds(s, 'pipeline').some((p) => p.runner && p.steps?.some((x) => x.kind === 'scan'))],
    ['8 risk budgets per tier', (s) => Object.keys(s.riskBudgets ?? {}).length >= 2],
    ['9 tenant isolation', (s) => (s.tenancy?.tenants.length ?? 0) >= 2],
    ['10 recommend-only mode', (s) => s.recommendOnly],
  ];
  it.each(USE_CASES)('use case %s is exercised by some sample', (_uc, holds) => {
    expect(some(holds)).toBe(true);
  });

  it('the sandbox-tier samples hold truths the twin lacks (an undocumented flow, a flaky dependency)', () => {
    expect(some((s) => s.tier === 'sandbox' && s.undocumentedEdges.length > 0)).toBe(true);
    expect(some((s) => s.tier === 'sandbox' && (s.environmentFacts?.flakyDependencies.length ?? 0) > 0)).toBe(true);
  });
});
