// Loads the committed, compiled policy bundles (policies/dist/<bundle>, produced by
// ops/build-policies.sh) into the OPA wasm SDK. Runtime hosts need no OPA binary.
// loadBundle is the generic part; loadPolicyBundle is the hardening gate and
// gatekeeper-loader.ts the WAF rule gatekeeper.
//
// Evaluation is synchronous: the agent calls it once per candidate action while masking,
// so it must not await anything. One wasm instance is reused; the SDK resets the wasm
// heap on every call, so repeated evaluations do not grow memory.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { z } from 'zod';
import { normaliseCidrs } from '../domain/hardening/cidr';
import type { PolicyDecision, PolicyInput } from '../domain/hardening/types';

export const DEFAULT_BUNDLE_DIR = fileURLToPath(new URL('./dist/hardening', import.meta.url));
export const HARDENING_ENTRYPOINT = 'bulwark/hardening/decision';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase sha256 hex digest');

export const ManifestSchema = z.object({
  entrypoint: z.string().min(1),
  sha256: sha256Hex,
  built_from: sha256Hex,
  opa_version: z.string().min(1),
});
export type PolicyManifest = z.infer<typeof ManifestSchema>;

// What the Rego entrypoint must return; policy_version is added here, not by Rego, so
// the version always names the bytes actually loaded.
const RegoDecisionSchema = z.object({
  allow: z.boolean(),
  deny_reasons: z.array(z.string()),
  requires_approval: z.boolean(),
  approval_reasons: z.array(z.string()),
});

const ResultSetSchema = z.array(z.object({ result: z.unknown() }));

export interface PolicyEngine {
  /** sha256 of policy.wasm + data.json (manifest.sha256); stored with every decision. */
  version: string;
  manifest: PolicyManifest;
  evaluate(input: PolicyInput): PolicyDecision;
}

export class PolicyBundleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyBundleError';
  }
}

/** An input the wasm evaluator cannot judge as OPA would; no retry can change it. */
export class PolicyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyInputError';
  }
}

const CidrParamsSchema = z.object({
  bulwark_config: z.object({
    hardening: z.object({ cidr_allowlist_params: z.array(z.string()), cidr_blocklist_params: z.array(z.string()) }),
  }),
});

/**
 * The hardening gate. Its evaluate rewrites the input's CIDR lists (the params named by
 * the bundle's own cidr_*_params, and context.admin_cidrs) with normaliseCidrs first, so
 * the wasm decides as OPA's reference evaluator does (policies/differential.test.ts).
 */
export async function loadPolicyBundle(dir: string = DEFAULT_BUNDLE_DIR): Promise<PolicyEngine> {
  const bundle = await loadBundle<PolicyInput, z.infer<typeof RegoDecisionSchema>>(dir, HARDENING_ENTRYPOINT, RegoDecisionSchema);
  const keys = cidrParamKeys(bundle.data);
  return {
    version: bundle.version,
    manifest: bundle.manifest,
    evaluate: (input) => ({ ...bundle.evaluate(normaliseCidrs(input, keys)), policy_version: bundle.version }),
  };
}

/**
 * The params keys holding CIDR lists (cidr_allowlist_params + cidr_blocklist_params) in a
 * hardening bundle's data document; none when the data lacks them, which the policy
 * itself reports (policy_config denies everything).
 */
export function cidrParamKeys(data: unknown): string[] {
  const cfg = CidrParamsSchema.safeParse(data);
  if (!cfg.success) return [];
  const { cidr_allowlist_params: allow, cidr_blocklist_params: block } = cfg.data.bulwark_config.hardening;
  return [...allow, ...block];
}

/** A loaded bundle whose evaluate returns the entrypoint's result, validated by the schema. */
export interface LoadedBundle<I, O> {
  version: string;
  manifest: PolicyManifest;
  /** The bundle's data document (dist/<bundle>/data.json), as loaded into the wasm. */
  data: Record<string, unknown>;
  /** Throws PolicyInputError for an input OPA would read differently, PolicyBundleError otherwise. */
  evaluate(input: I): O;
}

/**
 * Loads the bundle in `dir`, checks its bytes against its manifest and that the manifest
 * names `entrypoint`, and returns a synchronous evaluator whose results must match
 * `schema`. Every failure is a PolicyBundleError: a bundle never fails open.
 */
export async function loadBundle<I, O>(dir: string, entrypoint: string, schema: z.ZodType<O>): Promise<LoadedBundle<I, O>> {
  const read = async (name: string): Promise<Buffer> => {
    try {
      return await readFile(path.join(dir, name));
    } catch (cause) {
      throw new PolicyBundleError(`policy bundle ${dir} has no readable ${name}; run \`npm run policies:build\``, {
        cause,
      });
    }
  };
  // Sequential on purpose: the first missing file is reported deterministically.
  const wasm = await read('policy.wasm');
  const dataBytes = await read('data.json');
  const manifestBytes = await read('manifest.json');

  const manifest = parseJson(manifestBytes, 'manifest.json', dir, ManifestSchema);
  // A half-copied or hand-edited dist/ must not run under a version it does not have.
  const actual = createHash('sha256').update(wasm).update(dataBytes).digest('hex');
  if (actual !== manifest.sha256) {
    throw new PolicyBundleError(
      `policy bundle ${dir} does not match its manifest (sha256 ${actual}, manifest says ${manifest.sha256}); rebuild it`,
    );
  }
  const data = parseJson(dataBytes, 'data.json', dir, z.record(z.string(), z.unknown()));

  let policy: Awaited<ReturnType<typeof loadPolicy>>;
  try {
    // No custom builtins: the build restricts the policy to builtins the SDK implements
    // (net.cidr_* and regex.match run natively inside the wasm).
    policy = await loadPolicy(wasm);
    policy.setData(data);
  } catch (cause) {
    throw new PolicyBundleError(`cannot instantiate ${path.join(dir, 'policy.wasm')}: ${describe(cause)}`, { cause });
  }
  const entrypoints = policy.entrypoints as Record<string, number>;
  if (!Object.hasOwn(entrypoints, manifest.entrypoint)) {
    throw new PolicyBundleError(
      `policy.wasm has no entrypoint ${manifest.entrypoint} (has: ${Object.keys(entrypoints).join(', ') || 'none'})`,
    );
  }
  // Checked after the wasm itself, so a mislabelled manifest still gets the error above;
  // this one catches a caller pointed at the other bundle's directory.
  if (manifest.entrypoint !== entrypoint) {
    throw new PolicyBundleError(`policy bundle ${dir} is for ${manifest.entrypoint}, expected ${entrypoint}`);
  }
  const entrypointId = entrypoints[manifest.entrypoint];
  const version = manifest.sha256;

  return {
    version,
    manifest,
    data,
    evaluate(input: I): O {
      refuseIllFormedStrings(input);
      let raw: unknown;
      try {
        raw = policy.evaluate(input, entrypointId);
      } catch (cause) {
        // The SDK throws strings as well as Errors (e.g. from opa_abort); normalise.
        throw new PolicyBundleError(`policy evaluation of ${manifest.entrypoint} failed: ${describe(cause)}`, { cause });
      }
      const resultSet = ResultSetSchema.safeParse(raw);
      if (!resultSet.success || resultSet.data.length === 0) {
        throw new PolicyBundleError(
          `policy ${manifest.entrypoint} (bundle ${version.slice(0, 12)}) returned no decision; ` +
            'the bundle is broken or its data document is missing',
        );
      }
      const decision = schema.safeParse(resultSet.data[0].result);
      if (!decision.success) {
        throw new PolicyBundleError(
          `policy ${manifest.entrypoint} returned a malformed decision: ${z.prettifyError(decision.error)}`,
        );
      }
      return decision.data;
    },
  };
}

function parseJson<T>(bytes: Buffer, name: string, dir: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new PolicyBundleError(`${path.join(dir, name)} is not valid JSON`, { cause });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new PolicyBundleError(`${path.join(dir, name)} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * A lone UTF-16 surrogate is not Unicode: the wasm evaluator aborts on it ("illegal string
 * escape character") while OPA's Go evaluator silently reads U+FFFD, which could make two
 * different names equal. Refused with the path of the first one found.
 */
const LONE_SURROGATE = /\p{Cs}/u; // with the u flag only unpaired surrogates match

function refuseIllFormedStrings(value: unknown, at = 'input'): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new PolicyInputError(`${at} contains a lone UTF-16 surrogate; policy input must be valid Unicode`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => refuseIllFormedStrings(v, `${at}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      refuseIllFormedStrings(k, `${at} key ${JSON.stringify(k)}`);
      refuseIllFormedStrings(v, `${at}.${k}`);
    }
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
