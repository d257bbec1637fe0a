import { and, desc, eq } from 'drizzle-orm';
import { agentState } from '../db/schema';
import { createAgentState, type AgentState } from '../domain/hardening';
import type { DbOrTx } from './environments';

export interface VersionedAgent {
  version: number;
  state: AgentState;
}

/** The environment's current agent; version 0 is a fresh one that was never stored. */
export async function loadAgent(db: DbOrTx, environment: string, epsilon: number): Promise<VersionedAgent> {
  const [row] = await db
    .select()
    .from(agentState)
    .where(eq(agentState.environment, environment))
    .orderBy(desc(agentState.version))
    .limit(1);
  if (!row) return { version: 0, state: createAgentState({ epsilon }) };
  return { version: row.version, state: row.state as AgentState };
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
