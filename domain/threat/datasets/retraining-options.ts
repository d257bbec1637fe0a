// The training options of a gated retraining, one zod schema for every way in: the API's
// POST /sentinel/train/payload-classifier body and gatedRetrainingWorkflow's first activity
// (a workflow started directly, by a schedule, the CLI or a client, is checked the same way).
// A hashBits the artifact loader refuses (model-io.ts) would train a model nobody can load.
import { z } from 'zod';
import { HASH_BITS } from '../detection/model-io';

/** Largest training seed (the API's TrainRequest.seed has the same bounds). */
export const SEED_MAX = 2 ** 31 - 1;

export const RetrainingOptionsSchema = z.object({
  seed: z.number().int().min(0).max(SEED_MAX).optional(),
  epochs: z.number().int().min(1).max(10_000).optional(),
  hashBits: z
    .number()
    .int()
    .min(HASH_BITS.min, `must be ${HASH_BITS.min}..${HASH_BITS.max}: a model with fewer n-gram hash bits could not be loaded`)
    .max(HASH_BITS.max, `must be ${HASH_BITS.min}..${HASH_BITS.max}: a model with more n-gram hash bits could not be loaded`)
    .optional(),
  minSamples: z.number().int().min(1).optional(),
});

export type RetrainingOptions = z.infer<typeof RetrainingOptionsSchema>;

/** Why these options cannot train a loadable model (`hashBits (4): must be 8..24: …`), or undefined when they can. */
export function retrainingOptionsProblem(options: unknown): string | undefined {
  const r = RetrainingOptionsSchema.safeParse(options);
  if (r.success) return undefined;
  const input = (options ?? {}) as Record<string, unknown>;
  return r.error.issues.map((i) => `${i.path.join('.')}${i.path.length === 1 ? ` (${JSON.stringify(input[String(i.path[0])])})` : ''}: ${i.message}`).join('; ');
}
