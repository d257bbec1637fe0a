// `npm run build` output is what `bulwark` runs: the compiled CLI must answer like the sources
// (same classification), be used only while fresh, and resolve data paths into the source tree.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const run = (env: Record<string, string> = {}) =>
  execFileSync(process.execPath, ['bin/bulwark.mjs', 'classify'], {
    cwd: root,
    input: '{"payload":"1\' OR \'1\'=\'1"}\n',
    env: { ...process.env, ...env },
  }).toString();

describe('dist build', () => {
  it('builds dist/bulwark.mjs whose classify matches the sources, and is ignored once a source is newer', async () => {
    const { buildDist, OUTFILE, INPUTS, WORKFLOW_BUNDLE } = (await import(new URL('./build.mjs', import.meta.url).href)) as {
      buildDist: () => Promise<number>;
      OUTFILE: string;
      INPUTS: string;
      WORKFLOW_BUNDLE: string;
    };
    expect(await buildDist()).toBeGreaterThan(50);
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8')) as string[];
    expect(inputs).toContain('cli/bulwark.ts');
    // The prebuilt workflow code is stale as soon as any workflow source changes.
    expect(inputs).toEqual(expect.arrayContaining(['workflows/index.ts', 'workflows/threat/threat-analysis.ts', 'workflows/saga.ts']));
    // The compiled worker loads it (the build-time define is folded away), the sources bundle their own.
    const distDir = new URL('../dist/', import.meta.url);
    const compiledCli = readdirSync(distDir).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(new URL(f, distDir), 'utf8')).join('\n');
    expect(compiledCli).toContain('dist/workflow-bundle.js');
    expect(compiledCli).not.toContain('BULWARK_PREBUILT_WORKFLOWS');
    expect(readFileSync(WORKFLOW_BUNDLE, 'utf8')).toContain('threatAnalysisWorkflow');
    // Paths derived from import.meta.url point at the sources, not at dist/.
    const bundle = readFileSync(OUTFILE, 'utf8');
    expect(bundle).not.toMatch(/import\.meta\.dirname/);
    const compiled = run();
    expect(Object.keys(JSON.parse(compiled))).toEqual(['class', 'confidence', 'scores']);
    // A source newer than the build: bin falls back to tsx, same answer.
    const future = new Date(Date.now() + 60_000);
    utimesSync(new URL('../cli/detection.ts', import.meta.url), future, future);
    try {
      expect(run()).toBe(compiled);
    } finally {
      const now = new Date();
      utimesSync(new URL('../cli/detection.ts', import.meta.url), now, now);
    }
  }, 60_000);

  it('ships a prebuilt workflow bundle that replays every committed history', async () => {
    const { WORKFLOW_BUNDLE } = (await import(new URL('./build.mjs', import.meta.url).href)) as { WORKFLOW_BUNDLE: string };
    const dir = new URL('../workflows/__histories__/', import.meta.url);
    const histories = readdirSync(dir)
      .filter((f) => f.endsWith('.pb'))
      .map((f) => ({ workflowId: f, history: temporal.api.history.v1.History.decode(readFileSync(new URL(f, dir))) }));
    let replayed = 0;
    for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: WORKFLOW_BUNDLE } }, histories)) {
      expect(r.error, `${r.workflowId}: ${r.error?.message}`).toBeUndefined();
      replayed++;
    }
    expect(replayed).toBe(histories.length);
  }, 120_000);
});
