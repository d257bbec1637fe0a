// Agent settings from config reach an agent that already learned: a new recorded version.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentState, updateAgent, FEATURE_NAMES } from '../../domain/hardening';
import type { RiskState } from '../../domain/hardening/types';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { loadAgent, saveAgent } from './agent-state';

const risk: RiskState = {
  features: {},
  vector: [1, ...FEATURE_NAMES.map((_, i) => (i % 3) / 10)],
  domainRisk: {} as RiskState['domainRisk'],
  totalRisk: 0.4,
};

describe.each(TEST_BACKENDS)('agent settings ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  const versions = async (env: string) =>
    t.execute('select version, updated_by, state from agent_state where environment = $1 order by version', [env]);

  it('a fresh environment gets the configured settings, unstored (version 0)', async () => {
    const agent = await loadAgent(t.db, 'fresh', { epsilon: 0.3, learningRate: 0.5 });
    expect(agent.version).toBe(0);
    expect(agent.state).toMatchObject({ epsilon: 0.3, learningRate: 0.5, arms: {} });
    expect(await versions('fresh')).toHaveLength(0);
  });

  it('changed settings become a new version that keeps the learned arms; unchanged ones write nothing', async () => {
    const learned = updateAgent(createAgentState({ epsilon: 0.1, learningRate: 0.2 }), risk, { actionId: 'enable_logging', target: 'db', params: {} }, 0.7);
    await saveAgent(t.db, 'sandbox', { version: 1, state: learned }, 'hardening-cycle:sandbox:1');

    const same = await loadAgent(t.db, 'sandbox', { epsilon: 0.1, learningRate: 0.2 });
    expect(same.version).toBe(1);
    expect(await versions('sandbox')).toHaveLength(1);

    const retuned = await loadAgent(t.db, 'sandbox', { epsilon: 0.02, learningRate: 0.4 });
    expect(retuned.version).toBe(2);
    expect(retuned.state).toMatchObject({ epsilon: 0.02, learningRate: 0.4, totalUpdates: 1 });
    expect(retuned.state.arms).toEqual(learned.arms);

    const rows = await versions('sandbox');
    expect(rows.map((r) => [Number(r.version), r.updated_by])).toEqual([
      [1, 'hardening-cycle:sandbox:1'],
      [2, 'config:v2'],
    ]);
    expect(rows[1].state).toMatchObject({ epsilon: 0.02, learningRate: 0.4, arms: learned.arms });

    // Loaded again with the same settings: no further version.
    expect((await loadAgent(t.db, 'sandbox', { epsilon: 0.02, learningRate: 0.4 })).version).toBe(2);
    expect(await versions('sandbox')).toHaveLength(2);
  });

  it('concurrent loads under new settings record one version between them', async () => {
    await saveAgent(t.db, 'race', { version: 1, state: createAgentState({ epsilon: 0.1 }) }, 'wf-1');
    const loaded = await Promise.all([1, 2, 3].map(() => loadAgent(t.db, 'race', { epsilon: 0.5, learningRate: 0.2 })));
    expect(loaded.map((a) => a.version)).toEqual([2, 2, 2]);
    expect(loaded.every((a) => a.state.epsilon === 0.5)).toBe(true);
    expect(await versions('race')).toHaveLength(2);
  });

  it('refuses settings out of range', async () => {
    await saveAgent(t.db, 'bad', { version: 1, state: createAgentState() }, 'wf-1');
    await expect(loadAgent(t.db, 'bad', { epsilon: 1.5, learningRate: 0.2 })).rejects.toThrow(RangeError);
  });
});
