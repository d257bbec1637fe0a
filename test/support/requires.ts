// How a suite declares an external component it needs (test/support/components.ts):
//
//   const modsec = requires('modsec');
//   modsec.describe('generated rules on real libmodsecurity', () => { ... runModsec(text, reqs, { harness: modsec.path }) ... });
//   modsec.it('verifies on libmodsecurity', async () => { ... });     // one test inside a wider suite
//
// Present: plain describe/it, with `path` set. Missing on a developer machine: the suite is
// skipped, its name carrying the reason and the fix, and the same is printed once. Missing
// with CI set: a failing test names the reason and the fix instead, so CI can never pass
// without the component.
import { describe, inject, it } from 'vitest';
import { isCi } from './ci';
import { COMPONENT_FIXES, COMPONENT_LABELS, type Availability, type ComponentName } from './components';

export interface Requirement {
  available: boolean;
  /** The component's path (binary or directory); '' when missing, and then no test body runs. */
  path: string;
  /** When missing: what, why, and the fix, in one line; '' when available. */
  why: string;
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => unknown, timeout?: number): void;
}

function availability(component: ComponentName): Availability {
  let provided;
  try {
    provided = inject('components');
  } catch {
    provided = undefined; // not inside a vitest worker
  }
  return provided?.[component] ?? { available: false, reason: 'test/global-setup.ts did not provide it (run through vitest)', fix: COMPONENT_FIXES[component] };
}

const warned = new Set<string>();

/** Declares that the calling suite needs `component`; see the file comment. */
export function requires(component: ComponentName): Requirement {
  const a = availability(component);
  if (a.available) {
    return { available: true, path: a.path, why: '', describe: (name, fn) => describe(name, fn), it: (name, fn, timeout) => it(name, fn, timeout) };
  }
  const why = `${COMPONENT_LABELS[component]} missing: ${a.reason}; fix: ${a.fix}`;
  if (isCi()) {
    const fail = (name: string) =>
      it(`${name} [needs the ${COMPONENT_LABELS[component]}]`, () => {
        throw new Error(`${why} (CI is set: a missing component fails the run)`);
      });
    return { available: false, path: '', why, describe: (name) => describe(name, () => fail(name)), it: fail };
  }
  if (!warned.has(component)) {
    warned.add(component);
    console.warn(`[skipped] ${why}`);
  }
  const skipped = (name: string) => `${name} [skipped: ${why}]`;
  return {
    available: false,
    path: '',
    why,
    describe: (name, fn) => describe.skip(skipped(name), fn),
    it: (name, fn, timeout) => it.skip(skipped(name), fn, timeout),
  };
}
