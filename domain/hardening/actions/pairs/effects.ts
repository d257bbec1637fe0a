// What the posture, supply-chain and WAF pairs do to one asset's controls. Patches
// set absolute values (null removes a field), so applying one twice equals once.
import { z } from 'zod';
import type { Asset } from '../../twin/spec';
import { MAX_WAF_STRICTNESS } from '../../twin/spec-schema';
import type { EffectContext as Ctx, Effect, Patch } from '../effects';

const none = z.strictObject({});
const effect = <S extends z.ZodType>(params: S, patch: (ctx: Ctx, p: z.output<S>) => Patch | string): Effect =>
  ({ params, patch }) as unknown as Effect;
const flag = (field: string, value: unknown) => effect(none, () => ({ [field]: value }));
const level = (min: number, max: number) => z.number().int().min(min).max(max);

/** Default WAF strictness when raised without a level: CRS paranoia 2 blocks most scanners. */
export const DEFAULT_WAF_STRICTNESS = 2;
/** Default strictness after a decrease without a level: CRS paranoia 1, the usual baseline. */
const BASELINE_WAF_STRICTNESS = 1;

/** A rate limit with 50% headroom over the twin's known peak (100 rps when the peak is unknown). */
export function defaultRateLimit(asset: Asset): number {
  return asset.peakRps ? Math.ceil(asset.peakRps * 1.5) : 100;
}

export const PAIR_EFFECTS: Record<string, Effect> = {
  segment_tenant_network: flag('segmented', true),
  remove_tenant_segmentation: flag('segmented', false),
  read_only_root_fs: flag('readOnlyRootFs', true),
  writable_root_fs: flag('readOnlyRootFs', false),
  run_as_non_root: flag('runAsNonRoot', true),
  allow_root: flag('runAsNonRoot', false),
  scope_role_to_resources: flag('scopedToResources', true),
  unscope_role: flag('scopedToResources', false),

  enforce_signed_artifacts: flag('signedArtifacts', true),
  allow_unsigned_artifacts: flag('signedArtifacts', false),
  pin_dependencies: flag('pinnedDependencies', true),
  unpin_dependencies: flag('pinnedDependencies', false),
  restrict_runner_permissions: flag('runnerPermissions', 'restricted'),
  elevate_runner_permissions: flag('runnerPermissions', 'elevated'),
  enable_secret_scanning: flag('secretScanning', true),
  disable_secret_scanning: flag('secretScanning', false),
  rotate_build_secrets: effect(z.strictObject({ generation: z.number().int().min(1).optional() }), ({ ctl }, p) => {
    const current = ctl.buildSecretsGeneration ?? 0;
    if (p.generation !== undefined) {
      if (p.generation < current) return `params.generation: ${p.generation} is older than the current generation ${current}`;
      return { buildSecretsGeneration: p.generation, buildSecretsStale: false };
    }
    // Without an explicit generation only stale secrets rotate, which keeps a retry idempotent.
    return ctl.buildSecretsStale ? { buildSecretsGeneration: current + 1, buildSecretsStale: false } : {};
  }),
  restore_previous_build_secrets: effect(z.strictObject({ generation: z.number().int().min(0).optional() }), ({ ctl }, p) => ({
    buildSecretsStale: true,
    buildSecretsGeneration: p.generation ?? ctl.buildSecretsGeneration ?? 0,
  })),

  // `strictness` is the name the policy's per-tier cap reads.
  increase_waf_strictness: effect(z.strictObject({ strictness: level(1, MAX_WAF_STRICTNESS).optional() }), ({ ctl }, p) => {
    const current = ctl.wafStrictness ?? 0;
    const want = p.strictness ?? Math.max(current, DEFAULT_WAF_STRICTNESS);
    if (want < current) return `params.strictness: ${want} is below the current level ${current} (use decrease_waf_strictness)`;
    return { wafStrictness: want };
  }),
  decrease_waf_strictness: effect(z.strictObject({ strictness: level(0, MAX_WAF_STRICTNESS - 1).optional() }), ({ ctl }, p) => {
    const current = ctl.wafStrictness ?? 0;
    const want = p.strictness ?? Math.min(current, BASELINE_WAF_STRICTNESS);
    if (want > current) return `params.strictness: ${want} is above the current level ${current} (use increase_waf_strictness)`;
    return { wafStrictness: want };
  }),
  add_rate_limit: effect(z.strictObject({ rps: z.number().int().positive().optional() }), ({ asset }, p) => ({
    rateLimitRps: p.rps ?? defaultRateLimit(asset),
  })),
  remove_rate_limit: effect(none, () => ({ rateLimitRps: null })),
  waf_block_mode: flag('wafMode', 'block'),
  waf_detect_mode: flag('wafMode', 'detect'),
};
