// CI bundles the workflow code exactly as the worker does, so a stray Node import in
// workflows/ fails here rather than at worker start-up.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../worker/worker';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('workflow bundle', () => {
  it('bundles workflows/index.ts without Node built-ins', async () => {
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silent });
    expect(bundle.code).toContain('hardeningCycleWorkflow');
    expect(bundle.code).toContain('bareNoopWorkflow');
  });

  it('rejects workflow code that imports a Node built-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-bundle-'));
    const file = join(dir, 'bad-workflow.ts');
    writeFileSync(file, `import { readFileSync } from 'node:fs';\nexport async function badWorkflow() { return readFileSync('/etc/hostname', 'utf8'); }\n`);
    await expect(bundleWorkflowCode({ workflowsPath: file, logger: silent })).rejects.toThrow();
  });
});
