// Test-only: compares the loaded wasm engines with OPA's reference evaluator on a batch of
// inputs and lists every disagreement, so a failing test shows the inputs, not a count.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { normaliseCidrs } from '../domain/hardening/cidr';
import type { PolicyDecision, PolicyInput } from '../domain/hardening/types';
import { evaluateWithOpa, GATEKEEPER_SOURCES, HARDENING_SOURCES, type OpaResult } from './differential';
import type { GatekeeperEngine, GatekeeperInput } from './gatekeeper-loader';
import { cidrParamKeys, DEFAULT_BUNDLE_DIR, type PolicyEngine } from './loader';
import { ruleNames } from './test-support';

export interface Mismatch {
  input: unknown;
  wasm: unknown;
  opa: unknown;
  /** Which comparison failed. */
  check: string;
}

function wasmResult<I, O>(evaluate: (input: I) => O, input: I): O | { threw: string } {
  try {
    return evaluate(input);
  } catch (e) {
    return { threw: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

function withoutVersion(d: unknown): unknown {
  if (typeof d !== 'object' || d === null || !('policy_version' in d)) return d;
  const { policy_version: _, ...rest } = d as Record<string, unknown>;
  return rest;
}

/** allow / approval and which rules fired: what must not change when a CIDR is respelled. */
function outcome(d: unknown): unknown {
  if (typeof d !== 'object' || d === null || !('deny_reasons' in d)) return d;
  const p = d as PolicyDecision;
  return {
    allow: p.allow,
    requires_approval: p.requires_approval,
    deny: [...new Set(ruleNames(p.deny_reasons))].sort(),
    approval: [...new Set(ruleNames(p.approval_reasons, 'Approval'))].sort(),
  };
}

/** The CIDR params keys of the committed hardening bundle, as loadPolicyBundle reads them. */
export function committedCidrParamKeys(): string[] {
  return cidrParamKeys(JSON.parse(readFileSync(path.join(DEFAULT_BUNDLE_DIR, 'data.json'), 'utf8')));
}

const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

/**
 * For each input, the hardening engine (wasm, which normalises CIDR lists itself) must
 * 1. equal OPA on the normalised input exactly, reasons included: the wasm evaluator
 *    agrees with Go on everything it is given; and
 * 2. reach OPA's outcome on the raw input (allow, approval, rules fired): the
 *    normalisation keeps Go's meaning. Reasons may differ there only in a respelled CIDR.
 */
export function hardeningMismatches(opa: string, engine: PolicyEngine, inputs: readonly unknown[]): Mismatch[] {
  const keys = committedCidrParamKeys();
  const normalised = inputs.map((i) => normaliseCidrs(i as PolicyInput, keys));
  const opaResults = evaluateWithOpa(opa, HARDENING_SOURCES, [...normalised, ...inputs]);
  const onNormalised = opaResults.slice(0, inputs.length);
  const onRaw = opaResults.slice(inputs.length);
  const out: Mismatch[] = [];
  inputs.forEach((input, i) => {
    const wasm = withoutVersion(wasmResult((x: PolicyInput) => engine.evaluate(x), input as PolicyInput));
    if (!same(wasm, onNormalised[i])) out.push({ input, wasm, opa: onNormalised[i], check: 'exact, normalised input' });
    else if (!same(outcome(wasm), outcome(onRaw[i]))) {
      out.push({ input, wasm: outcome(wasm), opa: outcome(onRaw[i]), check: 'outcome, raw input' });
    }
  });
  return out;
}

/** For each input, the gatekeeper wasm must equal OPA exactly (it has no input rewriting). */
export function gatekeeperMismatches(opa: string, engine: GatekeeperEngine, inputs: readonly unknown[]): Mismatch[] {
  const opaResults: OpaResult[] = evaluateWithOpa(opa, GATEKEEPER_SOURCES, inputs);
  const out: Mismatch[] = [];
  inputs.forEach((input, i) => {
    const wasm = withoutVersion(wasmResult((x: GatekeeperInput) => engine.evaluate(x), input as GatekeeperInput));
    if (!same(wasm, opaResults[i])) out.push({ input, wasm, opa: opaResults[i], check: 'exact' });
  });
  return out;
}
