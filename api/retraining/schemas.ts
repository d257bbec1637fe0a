// Request bodies of the dataset routes (the seed's shapes, with their limits).
import { z } from '@hono/zod-openapi';
import { LABELS } from '../../domain/threat/detection/model';
import { toLabel } from '../../domain/threat/detection/labelled';
import { Identity, Int4Id, Prose, Text } from '../schemas';

/** Longest sample accepted, in UTF-8 bytes (as predict-payload's payload). */
export const MAX_SAMPLE_BYTES = 64 * 1024;

/** Any text (NUL included: null-byte injection is a real attack), well-formed, at most 64 KiB. */
export const SampleData = z
  .string()
  .min(1)
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_SAMPLE_BYTES, `must be at most ${MAX_SAMPLE_BYTES} UTF-8 bytes`)
  .refine((s) => !/[\uD800-\uDFFF]/u.test(s), 'must be well-formed Unicode (no lone surrogates)');

export const SampleLabel = z
  .string()
  .max(100)
  .transform((l, ctx) => {
    const label = toLabel(l);
    if (!label) ctx.addIssue({ code: 'custom', message: `must be one of ${LABELS.join(', ')} (or an alias such as sqli, cmdi, norm)` });
    return label ?? z.NEVER;
  })
  .openapi({ type: 'string', enum: [...LABELS], example: 'sql_injection', description: 'The class (aliases such as sqli, cmdi, norm are accepted)' });

export const AddSampleBody = z
  .strictObject({
    sample_type: z.enum(['payload', 'behavioural']).default('payload').openapi({ description: 'payload: a request parameter value; behavioural: a session feature vector as JSON text' }),
    data: SampleData.openapi({ example: "1' OR '1'='1", description: 'The sample itself' }),
    label: SampleLabel,
    confidence: z.number().min(0).max(1).default(1).openapi({ description: "The labeller's confidence, 0..1" }),
    reviewer: Identity.optional().openapi({ description: 'Who labelled or reviewed it' }),
    source: Text(200).default('api').openapi({ description: 'Where the sample comes from', example: 'api' }),
    split: z.enum(['train', 'holdout']).optional().openapi({ description: 'Omitted: by a seeded hash of the normalised text (80/20), so encodings of one payload never straddle the split' }),
  })
  .openapi('AddSample', { example: { sample_type: 'payload', data: "1' OR '1'='1", label: 'sql_injection' } });

const FalsePositiveCommon = {
  sample_type: z.enum(['payload', 'behavioural']).default('payload'),
  rule_id: Int4Id.optional().openapi({ description: 'The applied WAF rule that blocked it: the report also counts against the rule (rolled back past the threshold)' }),
  predicted_class: Text(100).optional().openapi({ example: 'sql_injection', description: 'What predict-payload answered' }),
  model_version: Text(200).optional().openapi({ description: 'The model version that answered' }),
  model_id: Text(200).optional().openapi({ example: 'pc-v4-0a7d33c1e8', description: "predict-payload's `model_id`: the report is attributed to that model (canary analysis counts it)" }),
  detail: Prose(2000).optional().openapi({ description: 'Where it was seen' }),
};

/** The wrongly flagged input as `data`, or as `payload` (the predict-payload habit): exactly one, in the schema itself. */
export const FalsePositiveSample = z.union([
  z.strictObject({ ...FalsePositiveCommon, data: SampleData.openapi({ example: "O'Brien", description: 'The input wrongly flagged' }) }),
  z.strictObject({ ...FalsePositiveCommon, payload: SampleData.openapi({ example: "O'Brien", description: 'The input wrongly flagged (same as `data`)' }) }),
]);

export const AddFalsePositiveBody = z
  .strictObject({
    sample: FalsePositiveSample.openapi({ description: 'The input wrongly flagged, and what flagged it (a predict-payload answer or a WAF rule)' }),
    reviewer: Identity.refine((r) => r !== 'system', '"system" is reserved for automatic transitions').openapi({ example: 'analyst@example.com' }),
  })
  .openapi('AddFalsePositive', {
    example: { sample: { data: "O'Brien", predicted_class: 'sql_injection' }, reviewer: 'analyst@example.com' },
  });
