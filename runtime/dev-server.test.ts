import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SEARCH_ATTRIBUTE_TYPES } from '../temporal/ids';
import { INDEXED_VALUE_TYPES, startTemporalDevServer, type DevServer } from './dev-server';
import { resolveTemporalCli } from './tools';

async function customAttributes(address: string, namespace = 'default') {
  const connection = await Connection.connect({ address });
  try {
    const res = await connection.operatorService.listSearchAttributes({ namespace });
    return res.customAttributes ?? {};
  } finally {
    await connection.close();
  }
}

describe('startTemporalDevServer', () => {
  let server: DevServer | undefined;
  afterAll(() => server?.stop());

  it('starts on free ports, registers search attributes on the namespace, and stops', async () => {
    const cliPath = resolveTemporalCli();
    expect(cliPath, 'run bash ops/install-temporal.sh').toBeTruthy();
    const t0 = Date.now();
    server = await startTemporalDevServer({
      cliPath: cliPath!,
      namespace: 'ops-test',
      uiPort: false,
      searchAttributes: { OpsProbeKind: 'Keyword', OpsProbeCount: 'Int', OpsProbeTags: 'KeywordList' },
    });
    console.log(`dev server ready in ${Date.now() - t0} ms at ${server.address}`);
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(server.uiUrl).toBeUndefined();

    const attrs = await customAttributes(server.address, 'ops-test');
    expect(attrs.OpsProbeKind).toBe(INDEXED_VALUE_TYPES.Keyword);
    expect(attrs.OpsProbeCount).toBe(INDEXED_VALUE_TYPES.Int);
    expect(attrs.OpsProbeTags).toBe(INDEXED_VALUE_TYPES.KeywordList);

    const address = server.address;
    await server.stop();
    server = undefined;
    await expect(Connection.connect({ address, connectTimeout: 1_000 })).rejects.toThrow();
  });

  it('keeps a file database in write-ahead-log mode, and what it acknowledged survives a restart', async () => {
    const cliPath = resolveTemporalCli();
    expect(cliPath, 'run bash ops/install-temporal.sh').toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'dev-server-wal-'));
    const dbFile = join(dir, 'temporal.db');
    try {
      server = await startTemporalDevServer({ cliPath: cliPath!, dbFile, uiPort: false, searchAttributes: {} });
      const connection = await Connection.connect({ address: server.address });
      await new Client({ connection }).workflow.start('noSuchWorkflow', { workflowId: 'wal-probe', taskQueue: 'wal-probe-none' });
      await connection.close();
      // The WAL file exists only in journal_mode=wal (SQLite's default journal is deleted after each commit).
      expect(existsSync(`${dbFile}-wal`)).toBe(true);
      await server.stop();
      server = await startTemporalDevServer({ cliPath: cliPath!, dbFile, uiPort: false, searchAttributes: {} });
      const again = await Connection.connect({ address: server.address });
      const desc = await new Client({ connection: again }).workflow.getHandle('wal-probe').describe();
      await again.close();
      expect(desc.workflowId).toBe('wal-probe');
    } finally {
      await server?.stop();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the suite-wide dev server from the global setup has Bulwark search attributes', async () => {
    const attrs = await customAttributes(inject('temporalAddress'));
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) expect(attrs[name], name).toBe(INDEXED_VALUE_TYPES[type]);
  });
});
