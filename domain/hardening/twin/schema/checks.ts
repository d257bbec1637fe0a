// Cross-checks of the use-case sections against the asset graph. Each failure is a
// SpecError naming the field (the YAML parser adds the line).
import { getAction } from '../../actions/catalog';
import { SpecError, type EnvironmentSpec } from '../spec';
import { TIERS } from './sections';

/** Throws SpecError on the first inconsistency of a section; the spec is otherwise already valid. */
export function checkSections(spec: EnvironmentSpec): void {
  const byId = new Map(spec.assets.map((a) => [a.id, a]));
  const isAsset = (id: string) => byId.has(id);
  const flows = new Set(spec.criticalFlows.map((f) => f.id));
  const action = (path: string, id: string) => {
    if (!getAction(id)) throw new SpecError(path, `"${id}" is not a catalog action id`);
  };

  spec.exceptions.forEach((e, i) => {
    if (!isAsset(e.asset)) throw new SpecError(`exceptions[${i}].asset`, `unknown asset "${e.asset}"`);
    e.actions?.forEach((a, j) => action(`exceptions[${i}].actions[${j}]`, a));
  });

  // Stricter tiers may not be looser than more permissive ones (UC8: prod requires stricter thresholds).
  const monotone = (section: string, values: Partial<Record<(typeof TIERS)[number], number | undefined>>) => {
    for (let i = 1; i < TIERS.length; i++) {
      const [looser, stricter] = [values[TIERS[i - 1]], values[TIERS[i]]];
      if (looser !== undefined && stricter !== undefined && stricter > looser)
        throw new SpecError(`${section.replace('*', TIERS[i])}`, `${stricter} is looser than the ${TIERS[i - 1]} tier's ${looser}; ${TIERS[i]} must be at least as strict`);
    }
  };
  const budgets = spec.riskBudgets ?? {};
  monotone('riskBudgets.*.maxBreakageRisk', Object.fromEntries(TIERS.map((t) => [t, budgets[t]?.maxBreakageRisk])));
  monotone('riskBudgets.*.maxBlastRadius', Object.fromEntries(TIERS.map((t) => [t, budgets[t]?.maxBlastRadius])));
  if (spec.waf?.maxStrictness) monotone('waf.maxStrictness.*', spec.waf.maxStrictness);

  const routeIds = new Set<string>();
  spec.waf?.partnerRoutes.forEach((r, i) => {
    if (routeIds.has(r.id)) throw new SpecError(`waf.partnerRoutes[${i}].id`, `duplicate route id "${r.id}"`);
    routeIds.add(r.id);
    if (byId.get(r.service)?.kind !== 'service') throw new SpecError(`waf.partnerRoutes[${i}].service`, `"${r.service}" is not a service asset`);
  });

  spec.incidentResponse?.essentialFlows.forEach((f, j) => {
    if (!flows.has(f)) throw new SpecError(`incidentResponse.essentialFlows[${j}]`, `unknown critical flow "${f}"`);
  });

  if (spec.tenancy) {
    const declared = new Set([spec.tenant, ...spec.tenancy.tenants.map((t) => t.id)]);
    spec.assets.forEach((a, i) => {
      if (a.tenant !== undefined && !declared.has(a.tenant))
        throw new SpecError(`assets[${i}].tenant`, `tenant "${a.tenant}" is not declared in tenancy.tenants`);
    });
    spec.tenancy.sharedAssets.forEach((id, j) => {
      if (!isAsset(id)) throw new SpecError(`tenancy.sharedAssets[${j}]`, `unknown asset "${id}"`);
    });
  }

  if (spec.iam?.requireOwnerTag)
    spec.assets.forEach((a, i) => {
      if (a.kind === 'identity' && !a.owner) throw new SpecError(`assets[${i}].owner`, `identity "${a.id}" has no owner, and iam.requireOwnerTag is on`);
    });

  for (const id of Object.keys(spec.desiredState ?? {}))
    if (!isAsset(id)) throw new SpecError(`desiredState.${id}`, `unknown asset "${id}"`);

  if (spec.environmentFacts) {
    if (spec.tier !== 'sandbox')
      throw new SpecError('environmentFacts', `facts the twin lacks are simulated only in sandbox environments, not ${spec.tier}`);
    spec.environmentFacts.flakyDependencies.forEach((d, i) => {
      if (!isAsset(d.from)) throw new SpecError(`environmentFacts.flakyDependencies[${i}].from`, `unknown asset "${d.from}"`);
      if (!isAsset(d.to)) throw new SpecError(`environmentFacts.flakyDependencies[${i}].to`, `unknown asset "${d.to}"`);
      d.breaksWhen.forEach((a, j) => action(`environmentFacts.flakyDependencies[${i}].breaksWhen[${j}]`, a));
    });
  }

  spec.assets.forEach((a, i) => {
    if (a.runner !== undefined) {
      if (a.kind !== 'pipeline') throw new SpecError(`assets[${i}].runner`, 'only a pipeline has a runner');
      if (byId.get(a.runner)?.kind !== 'workload') throw new SpecError(`assets[${i}].runner`, `"${a.runner}" is not a workload asset`);
    }
    if (a.steps !== undefined && a.kind !== 'pipeline') throw new SpecError(`assets[${i}].steps`, 'only a pipeline has steps');
    const seen = new Set<string>();
    a.steps?.forEach((s, j) => {
      if (seen.has(s.id)) throw new SpecError(`assets[${i}].steps[${j}].id`, `duplicate step id "${s.id}"`);
      seen.add(s.id);
    });
  });
}
