// What each containment action does to one asset's controls (merged into the catalog's
// effects in domain/hardening/actions/effects.ts). Patches set absolute values or a set
// union/difference, so a retried apply changes nothing.
import { z } from 'zod';
import type { Effect, EffectContext, Patch } from '../hardening/actions/effects';

const none = z.strictObject({});
/** An IPv4 address or CIDR, as a WAF block list takes it. */
export const SOURCE_PATTERN = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;
const source = z
  .string()
  .regex(SOURCE_PATTERN, 'must be an IPv4 address or CIDR like 203.0.113.7 or 203.0.113.0/24')
  .refine((s) => s.split('/')[0].split('.').every((o) => Number(o) <= 255) && Number(s.split('/')[1] ?? 32) <= 32, 'octet or prefix out of range');

const effect = <S extends z.ZodType>(params: S, patch: (ctx: EffectContext, p: z.output<S>) => Patch | string): Effect =>
  ({ params, patch }) as unknown as Effect;

const publicFacing = (ctx: EffectContext): string | null =>
  ctx.spec.edges.some((e) => e.from === 'internet' && e.to === ctx.asset.id) ? null : `"${ctx.asset.id}" takes no internet traffic, so there is no WAF in front of it`;

export const CONTAINMENT_EFFECTS: Record<string, Effect> = {
  isolate_segment: effect(none, () => ({ isolated: true })),
  rejoin_segment: effect(none, () => ({ isolated: null })),
  disable_credentials: effect(none, () => ({ credentialsDisabled: true })),
  enable_credentials: effect(none, () => ({ credentialsDisabled: null })),
  tighten_egress: effect(none, () => ({ egressRestricted: true })),
  relax_egress: effect(none, () => ({ egressRestricted: null })),
  quarantine_workload: effect(none, () => ({ quarantined: true })),
  release_workload: effect(none, () => ({ quarantined: null })),
  block_waf_source: effect(z.strictObject({ sources: z.array(source).min(1).max(100) }), (ctx, p) => {
    const refused = publicFacing(ctx);
    if (refused) return refused;
    return { wafBlockedSources: [...new Set([...(ctx.ctl.wafBlockedSources ?? []), ...p.sources])].sort() };
  }),
  unblock_waf_source: effect(z.strictObject({ sources: z.array(source).optional() }), (ctx, p) => {
    const left = p.sources ? (ctx.ctl.wafBlockedSources ?? []).filter((s) => !p.sources!.includes(s)) : [];
    return { wafBlockedSources: left.length ? left : null };
  }),
};
