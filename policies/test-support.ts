// Helpers shared by the policies/*.test.ts files: the OPA CLI lookup and realistic
// PolicyInput / GatekeeperInput fixtures. Not imported by runtime code.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'vitest';
import type { PolicyInput } from '../domain/hardening/types';
import { isCi } from '../test/support/ci';
import { requires } from '../test/support/requires';
import type { GatekeeperInput } from './gatekeeper-loader';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const POLICY_SRC_DIR = path.join(REPO_ROOT, 'policies', 'hardening');
export const GATEKEEPER_SRC_DIR = path.join(REPO_ROOT, 'policies', 'gatekeeper');

/**
 * The OPA CLI for a test that needs it (test global setup obtained it through
 * ops/install-opa.sh: OPA_PATH, PATH, .tools/bin, else a one-time go build). When it could
 * not be had, the test is skipped with the reason and the fix on a developer machine, and
 * fails under CI, where a suite must never pass without its component.
 */
export function opaOrSkip(ctx: TestContext): string {
  const opa = requires('opa');
  if (opa.available) return opa.path;
  if (isCi()) throw new Error(`${opa.why} (CI is set: a missing component fails the run)`);
  return ctx.skip(opa.why);
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * A sandbox restrict_ingress on the edge gateway that every rule allows; tests override
 * only what they exercise. Objects merge recursively; arrays and action.params replace
 * (each action has its own parameter shape, so merging params would mix two actions).
 */
export function policyInput(override: DeepPartial<PolicyInput> = {}): PolicyInput {
  const base: PolicyInput = {
    action: {
      actionId: 'restrict_ingress',
      target: 'api-gateway',
      params: { cidrs: ['10.20.0.0/16', '192.168.10.0/24'] }, // catalog shape: the new ingress allowlist
      domain: 'network',
      removesPermissions: false,
      weakens: false,
    },
    environment: { name: 'payments-sandbox', tier: 'sandbox', tenant: 'acme' },
    target: { id: 'api-gateway', kind: 'service', namespace: 'edge', tenant: 'acme', roles: [] },
    change: { requester: 'bulwark-agent', tags: {} },
    context: {
      blast_radius: 1,
      severity: 0,
      admin_cidrs: ['10.20.30.0/24', '192.168.10.5/32'],
      protected_namespaces: ['kube-system', 'vault'],
      break_glass_roles: ['break-glass-admin'],
    },
  };
  return merge(base, override) as PolicyInput;
}

/** The same change in prod, with a valid change ticket. */
export function prodInput(override: DeepPartial<PolicyInput> = {}): PolicyInput {
  return merge(
    policyInput({
      environment: { name: 'payments-prod', tier: 'prod' },
      change: { tags: { change_ticket: 'CHG-4711' } },
    }),
    override,
  ) as PolicyInput;
}

function merge(a: unknown, b: unknown): unknown {
  if (!isPlainObject(a) || !isPlainObject(b)) return b === undefined ? a : b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k === 'params' ? v : merge(a[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rule names ("Rule <name>: ...") behind a decision's deny reasons. */
export function ruleNames(reasons: string[], prefix: 'Rule' | 'Approval' = 'Rule'): string[] {
  return reasons.map((r) => new RegExp(`^${prefix} ([a-z_]+):`).exec(r)?.[1] ?? `unnamed: ${r}`);
}

/**
 * A verified SQL-injection rule (two families, 0.02% false positives on the benign corpus)
 * proposed from "simulate" evidence; both confidences are set to `confidence`, so that
 * is exactly the confidence the gatekeeper judges. Overrides merge like policyInput's.
 */
export function gatekeeperInput(confidence: number, override: DeepPartial<GatekeeperInput> = {}): GatekeeperInput {
  const base: GatekeeperInput = {
    rule: {
      id: 9100042,
      attack_class: 'sql_injection',
      confidence,
      verified: true,
      fp_rate: 0.0002,
      families: ['sqli_tautology', 'sqli_union_select'],
    },
    evidence: { verdict: 'simulate', confidence },
  };
  return merge(base, override) as GatekeeperInput;
}
