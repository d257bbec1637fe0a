// The compiled wasm (what the runtime loads) must decide exactly as OPA's reference
// evaluator (the Go `opa` CLI over the Rego sources) on every policy test input: the
// inputs of the Rego tests (captured from OPA itself, see differential.ts), CIDR edge
// cases, what the sample environments really send, and strings and numbers the two print
// differently. The loader tests check the inputs they build the same way.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkAgainstCapabilities,
  distinct,
  evaluateWithOpa,
  GATEKEEPER_SOURCES,
  HARDENING_SOURCES,
  regoTestInputs,
  sdkCapabilitiesFile,
} from './differential';
import { committedCidrParamKeys, gatekeeperMismatches, hardeningMismatches } from './differential-compare';
import { cidrEdgeInputs, gatekeeperEdgeInputs, printingEdgeInputs, sampleEnvironmentInputs } from './differential-inputs';
import { loadGatekeeperBundle, type GatekeeperEngine } from './gatekeeper-loader';
import { DEFAULT_BUNDLE_DIR, HARDENING_ENTRYPOINT, loadBundle, loadPolicyBundle, PolicyInputError, type PolicyEngine } from './loader';
import { gatekeeperInput, opaOrSkip, policyInput } from './test-support';

// First use may build OPA from source through ops/install-opa.sh (minutes on a cold cache).
const OPA_TIMEOUT = 600_000;
// Each sample environment has several candidates; fewer inputs than samples means the sweep built nothing.
const SAMPLE_COUNT = 3;

let hardening: PolicyEngine;
let gatekeeper: GatekeeperEngine;
beforeAll(async () => {
  [hardening, gatekeeper] = await Promise.all([loadPolicyBundle(), loadGatekeeperBundle()]);
});

describe('hardening bundle: wasm decides as the OPA CLI', () => {
  it('names the CIDR params to normalise from its data', () => {
    expect(committedCidrParamKeys()).toEqual(expect.arrayContaining(['cidrs', 'allowed_cidrs', 'block_cidrs']));
  });

  it('on every input of the Rego tests', { timeout: OPA_TIMEOUT }, (ctx) => {
    const opa = opaOrSkip(ctx);
    const inputs = distinct(regoTestInputs(opa, HARDENING_SOURCES).flatMap((t) => t.inputs));
    expect(hardeningMismatches(opa, hardening, inputs)).toEqual([]);
  });

  it('on CIDR edge cases: IPv4-mapped IPv6, host bits, overlaps, IPv6, /0, /32, lax spellings', { timeout: OPA_TIMEOUT }, (ctx) => {
    const opa = opaOrSkip(ctx);
    expect(hardeningMismatches(opa, hardening, cidrEdgeInputs())).toEqual([]);
  });

  it('on every candidate action and compensation of the sample environments', { timeout: OPA_TIMEOUT }, (ctx) => {
    const opa = opaOrSkip(ctx);
    const inputs = sampleEnvironmentInputs();
    expect(inputs.length).toBeGreaterThan(SAMPLE_COUNT);
    expect(hardeningMismatches(opa, hardening, inputs)).toEqual([]);
  });

  it('on strings and numbers the two evaluators print differently, and on misplaced objects', { timeout: OPA_TIMEOUT }, (ctx) => {
    const opa = opaOrSkip(ctx);
    expect(hardeningMismatches(opa, hardening, printingEdgeInputs())).toEqual([]);
  });

  it('would disagree on IPv4-mapped and lax CIDRs without the normalisation', { timeout: OPA_TIMEOUT }, async (ctx) => {
    const opa = opaOrSkip(ctx);
    // The same bundle, loaded without loadPolicyBundle's normalisation.
    const raw = await loadBundle(DEFAULT_BUNDLE_DIR, HARDENING_ENTRYPOINT, z.object({ allow: z.boolean() }));
    const cases = [
      policyInput({ action: { params: { block_cidrs: ['::ffff:10.0.0.0/104'] } } }), // blocks the admin 10.20.30.0/24
      policyInput({ action: { params: { block_cidrs: ['10.0.0.0/+8'] } } }), // unparsable to Go, fails closed there
    ];
    const opaAllow = evaluateWithOpa(opa, HARDENING_SOURCES, cases).map((d) => (d as { allow: boolean }).allow);
    expect(opaAllow).toEqual([false, false]);
    expect(cases.map((c) => raw.evaluate(c).allow)).toEqual([true, true]);
    expect(cases.map((c) => hardening.evaluate(c).allow)).toEqual(opaAllow);
  });

  it('refuses input with a lone UTF-16 surrogate, naming where it is', () => {
    const input = policyInput({ change: { tags: { change_ticket: 'CHG-1\ud800' } } });
    expect(() => hardening.evaluate(input)).toThrow(PolicyInputError);
    expect(() => hardening.evaluate(input)).toThrow(/input\.change\.tags\.change_ticket contains a lone UTF-16 surrogate/);
  });
});

describe('gatekeeper bundle: wasm decides as the OPA CLI', () => {
  it('on every input of the Rego tests', { timeout: OPA_TIMEOUT }, (ctx) => {
    const opa = opaOrSkip(ctx);
    const inputs = distinct(regoTestInputs(opa, GATEKEEPER_SOURCES).flatMap((t) => t.inputs));
    expect(gatekeeperMismatches(opa, gatekeeper, inputs)).toEqual([]);
  });

  it('on threshold boundaries, odd numbers, awkward strings and malformed input', { timeout: OPA_TIMEOUT }, (ctx) => {
    const opa = opaOrSkip(ctx);
    expect(gatekeeperMismatches(opa, gatekeeper, gatekeeperEdgeInputs())).toEqual([]);
  });

  it('refuses input with a lone UTF-16 surrogate', () => {
    expect(() => gatekeeper.evaluate(gatekeeperInput(0.95, { rule: { attack_class: '\udc00' } }))).toThrow(
      /input\.rule\.attack_class contains a lone UTF-16 surrogate/,
    );
  });
});

describe('wasm builtin gaps', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bulwark-caps-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.for([HARDENING_SOURCES, GATEKEEPER_SOURCES])(
    '$name uses only builtins the wasm SDK implements (no time.now_ns, regex.replace, sprintf ...)',
    { timeout: OPA_TIMEOUT },
    (bundle, ctx) => {
      const opa = opaOrSkip(ctx);
      expect(checkAgainstCapabilities(opa, bundle.srcDir, sdkCapabilitiesFile(opa, work))).toBeNull();
    },
  );

  it('the capability check rejects a policy that needs one of them', { timeout: OPA_TIMEOUT }, (ctx) => {
    const opa = opaOrSkip(ctx);
    const src = path.join(work, 'gap');
    for (const [name, body] of [
      ['now', 'x := time.now_ns()'],
      ['replace', 'x := regex.replace("a", "a", "b")'],
    ]) {
      rmSync(src, { recursive: true, force: true });
      mkdirSync(src);
      writeFileSync(path.join(src, `${name}.rego`), `package gap\n\n${body}\n`);
      expect(checkAgainstCapabilities(opa, src, sdkCapabilitiesFile(opa, work))).toMatch(/undefined function/);
    }
  });
});
