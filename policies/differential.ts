// Test-only: OPA's reference evaluator (the Go `opa` CLI over the Rego sources and their
// data.json) as an oracle for the compiled wasm the runtime loads. Used by
// policies/differential.test.ts and by the loader tests, which check every input they
// build against it. Not imported by runtime code.
//
// Where the inputs come from:
// - The Rego tests (`*_test.rego`) build theirs inline (`decide({...})`, `with input as`,
//   object.union over fixtures), so they are taken from OPA itself: regoTestInputs runs
//   `opa test` on a copy of the sources plus one extra rule that prints every input the
//   decision is evaluated with. Nothing is duplicated or parsed from Rego text, a new Rego
//   test is picked up on its own, and a test that evaluated no decision is an error.
// - The TypeScript tests wrap their engine in `recording()` and compare what it saw.
// OPA is run once per bundle per batch (evaluateWithOpa), not once per input.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GATEKEEPER_SRC_DIR, POLICY_SRC_DIR, REPO_ROOT } from './test-support';

export interface BundleSources {
  name: 'hardening' | 'gatekeeper';
  srcDir: string;
  /** The Rego package of the policy (not of its tests). */
  pkg: string;
  /** A partial set every decision evaluates; the input capture hooks into it. */
  alwaysEvaluated: string;
}

export const HARDENING_SOURCES: BundleSources = {
  name: 'hardening',
  srcDir: POLICY_SRC_DIR,
  pkg: 'bulwark.hardening',
  alwaysEvaluated: 'deny',
};

export const GATEKEEPER_SOURCES: BundleSources = {
  name: 'gatekeeper',
  srcDir: GATEKEEPER_SRC_DIR,
  pkg: 'bulwark.gatekeeper',
  alwaysEvaluated: 'reject',
};

/** What a bundle answered for one input: its decision, or undefined when it had none. */
export type OpaResult = unknown;

function run(opa: string, args: string[]): string {
  const res = spawnSync(opa, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`opa ${args[0]} failed (${res.status}):\n${res.stderr}\n${res.stdout.slice(0, 2000)}`);
  return res.stdout;
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'bulwark-differential-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `data.<pkg>.decision` for each input, evaluated by `opa eval` over the bundle's sources
 * (tests ignored, as in the build) in one process: the inputs go in as a data document and
 * an object comprehension evaluates the decision `with input as` each, keyed by index so
 * an undefined decision stays visible as undefined.
 */
export function evaluateWithOpa(opa: string, bundle: BundleSources, inputs: readonly unknown[]): OpaResult[] {
  return withTempDir((dir) => {
    const file = path.join(dir, 'inputs.json');
    writeFileSync(file, JSON.stringify({ bulwark_differential: { inputs } }));
    const query = `{i: d | some i, x in data.bulwark_differential.inputs; d := data.${bundle.pkg}.decision with input as x}`;
    const out = run(opa, ['eval', '--format', 'json', '--ignore', '*_test.rego', '-d', bundle.srcDir, '-d', file, query]);
    const value = (JSON.parse(out) as { result?: { expressions: { value: Record<string, unknown> }[] }[] }).result?.[0]
      ?.expressions[0]?.value;
    if (!value) throw new Error(`opa eval returned no result for ${bundle.name}:\n${out.slice(0, 2000)}`);
    return inputs.map((_, i) => value[String(i)]);
  });
}

const MARKER = 'BULWARK_DIFFERENTIAL_INPUT';

/**
 * Every distinct input the bundle's Rego tests evaluate its decision with, per test, as
 * OPA saw it (after object.union, json.patch ...). Throws when `opa test` fails or when a
 * test evaluated no decision at all (its input could not be captured).
 */
export function regoTestInputs(opa: string, bundle: BundleSources): { test: string; inputs: unknown[] }[] {
  return withTempDir((dir) => {
    const copy = path.join(dir, bundle.name);
    cpSync(bundle.srcDir, copy, { recursive: true });
    // Prints before failing, so the hook adds nothing to the set and changes no decision.
    writeFileSync(
      path.join(copy, 'zz_differential_capture.rego'),
      `package ${bundle.pkg}\n\n${bundle.alwaysEvaluated} contains "capture" if {\n\tprint("${MARKER}", json.marshal(input))\n\tfalse\n}\n`,
    );
    const results = JSON.parse(run(opa, ['test', copy, '--format', 'json'])) as {
      name: string;
      package: string;
      fail?: boolean;
      error?: unknown;
      output?: string;
    }[];
    return results.map((r) => {
      if (r.fail || r.error) throw new Error(`Rego test ${r.name} failed: ${JSON.stringify(r.error ?? 'fail')}`);
      const lines = Buffer.from(r.output ?? '', 'base64').toString('utf8').split('\n');
      const seen = new Set(lines.filter((l) => l.startsWith(`${MARKER} `)).map((l) => l.slice(MARKER.length + 1)));
      if (seen.size === 0) throw new Error(`Rego test ${r.package}.${r.name} evaluated no decision; its input cannot be checked`);
      return { test: `${r.package}.${r.name}`, inputs: [...seen].map((s) => JSON.parse(s) as unknown) };
    });
  });
}

/**
 * The OPA capabilities the compiled bundles may use, as ops/build-policies.sh derives them:
 * this OPA's, restricted to the builtins the JS wasm SDK implements, without sprintf.
 * Written to a file in `dir`; returns its path.
 */
export function sdkCapabilitiesFile(opa: string, dir: string): string {
  const caps = JSON.parse(run(opa, ['capabilities', '--current'])) as { builtins: { name: string }[] };
  const sdkFile = path.join(REPO_ROOT, 'node_modules', '@open-policy-agent', 'opa-wasm', 'capabilities.json');
  const sdk = new Set((JSON.parse(readFileSync(sdkFile, 'utf8')) as { builtins: { name: string }[] }).builtins.map((b) => b.name));
  caps.builtins = caps.builtins.filter((b) => sdk.has(b.name) && b.name !== 'sprintf');
  const file = path.join(dir, 'caps.json');
  writeFileSync(file, JSON.stringify(caps));
  return file;
}

/** `opa check` of a source dir (tests ignored) against a capabilities file; the error output or null. */
export function checkAgainstCapabilities(opa: string, srcDir: string, capsFile: string): string | null {
  const res = spawnSync(opa, ['check', '--capabilities', capsFile, '--ignore', '*_test.rego', srcDir], { encoding: 'utf8' });
  return res.status === 0 ? null : `${res.stdout}${res.stderr}`;
}

/** An engine-like object whose evaluate also records every input it is given. */
export function recording<E extends { evaluate(input: never): unknown }>(engine: E): E & { inputs: unknown[] } {
  const inputs: unknown[] = [];
  return {
    ...engine,
    inputs,
    evaluate: (input: never) => {
      inputs.push(structuredClone(input));
      return engine.evaluate(input);
    },
  };
}

/** Drops inputs whose JSON is identical, keeping the first. */
export function distinct<T>(inputs: readonly T[]): T[] {
  const seen = new Set<string>();
  return inputs.filter((i) => {
    const key = JSON.stringify(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
