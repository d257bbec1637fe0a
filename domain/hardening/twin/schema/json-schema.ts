// The published JSON Schema of an environment spec, derived from the zod schema so the
// two cannot disagree (environments/environment.schema.json is this, committed; a test keeps it fresh).
import { z } from 'zod';
import { EnvironmentSpecSchema } from '../spec-schema';

export const ENVIRONMENT_SCHEMA_ID = 'https://bulwark.dev/schemas/environment.schema.json';

/**
 * JSON Schema (draft 2020-12) of what a spec author writes: fields with defaults are optional.
 * Cross-references (an edge naming an asset, a flow's path) are checked by the parser, not the schema.
 */
export function environmentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(EnvironmentSpecSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: ENVIRONMENT_SCHEMA_ID,
    title: 'Bulwark environment spec',
    description:
      'A digital twin of one environment: assets, dependency edges, critical flows, SLO and risk budgets, and the sections of the ZT-RL use cases (exceptions, WAF, incident response, compliance baseline, tenancy, recommend-only mode). See environments/*.yaml.',
  };
}
