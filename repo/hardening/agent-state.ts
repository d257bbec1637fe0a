import { and, desc, eq } from 'drizzle-orm';
import { agentState } from '../../db/schema';
import { createAgentState, retuneAgent, type AgentSettings, type AgentState } from '../../domain/hardening';
import type { DbOrTx } from './environments';

export interface VersionedAgent {
  version: number;
  state: AgentState;
}

async function latest(db: DbOrTx, environment: string) {
  const [row] = await db
    .select()
    .from(agentState)
    .where(eq(agentState.environment, environment))
    .orderBy(desc(agentState.version))
    .limit(1);
  return row ? { version: row.version, state: row.state as AgentState } : undefined;
}

/** Marks a version written because the configured settings changed, not by a reward. */
const SETTINGS_WRITER = 'config';

/**
 * The environment's current agent under the configured settings. A fresh agent (never stored)
 * is version 0. When the stored agent was tuned differently (AGENT_EPSILON or
 * AGENT_LEARNING_RATE changed), a new version is recorded with the new settings and the same
 * learned arms, so every decision names the settings it was made under.
 * Concurrent callers may race for that version: the unique (environment, version) index
 * lets one win, and the others read its row. Throws RangeError for settings out of range.
 */
export async function loadAgent(db: DbOrTx, environment: string, settings: AgentSettings): Promise<VersionedAgent> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await latest(db, environment);
    if (!current) return { version: 0, state: createAgentState(settings) };
    const retuned = retuneAgent(current.state, settings);
    if (!retuned) return current;
    const next = { version: current.version + 1, state: retuned };
    const written = await db
      .insert(agentState)
      .values({
        environment,
        version: next.version,
        algorithm: retuned.algorithm,
        state: retuned,
        updatedBy: `${SETTINGS_WRITER}:v${next.version}`,
      })
      .onConflictDoNothing()
      .returning({ id: agentState.id });
    if (written.length > 0) return next;
  }
  // Lost every race (others keep writing versions): decide with the newest stored agent, retuned
  // in memory; the next load records the settings.
  const current = await latest(db, environment);
  if (!current) return { version: 0, state: createAgentState(settings) };
  return { version: current.version, state: retuneAgent(current.state, settings) ?? current.state };
}

export async function agentVersionWrittenBy(db: DbOrTx, environment: string, workflowId: string) {
  const [row] = await db
    .select({ version: agentState.version })
    .from(agentState)
    .where(and(eq(agentState.environment, environment), eq(agentState.updatedBy, workflowId)));
  return row?.version;
}

export async function saveAgent(db: DbOrTx, environment: string, next: VersionedAgent, updatedBy: string) {
  await db.insert(agentState).values({
    environment,
    version: next.version,
    algorithm: next.state.algorithm,
    state: next.state,
    updatedBy,
  });
}
