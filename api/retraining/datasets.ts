// The seed's dataset routes under /api/v1/sentinel/dataset: add-sample, add-false-positive and
// stats. False-positive reports become benign samples carrying their reviewer, whether they
// were raised against an applied WAF rule (rule_id; also counted against the rule) or
// against a predict-payload answer.
import { createRoute } from '@hono/zod-openapi';
import { addSamples, datasetStatsOf } from '../../repo/datasets/samples';
import { DEFAULT_FP_THRESHOLD, reportFalsePositive } from '../../repo/threat/rules';
import { apiRoute, newRouter } from '../router';
import { AnyObject, toJson } from '../schemas';
import type { ApiServices } from '../services';
import { AddFalsePositiveBody, AddSampleBody } from './schemas';

const tags = ['datasets'];
const json = (description: string) => ({ description, content: { 'application/json': { schema: AnyObject } } });

const addSampleRoute = apiRoute(createRoute({
  method: 'post',
  path: '/dataset/add-sample',
  tags,
  summary: 'Add one labelled sample (append-only; versions snapshot it)',
  request: { body: { required: true, content: { 'application/json': { schema: AddSampleBody } } } },
  responses: { 201: json('Stored: its id and split') },
}));

const addFpRoute = apiRoute(createRoute({
  method: 'post',
  path: '/dataset/add-false-positive',
  tags,
  summary: 'Report a false positive: stored as a benign sample with its reviewer',
  description: 'Against a predict-payload answer (`predicted_class`, `model_id`: the report counts against that model in canary analysis) or an applied WAF rule (`rule_id`: the report also counts towards its automatic rollback).',
  request: { body: { required: true, content: { 'application/json': { schema: AddFalsePositiveBody } } } },
  responses: { 201: json('Stored; the rule report when rule_id was given') },
}), 'rule_not_found');

const statsRoute = createRoute({
  method: 'get',
  path: '/dataset/stats',
  tags,
  summary: 'Totals, counts per label and split, quality metrics (class balance, labelling confidence, duplicates, leakage)',
  responses: { 200: json('Dataset statistics') },
});

export interface DatasetRoutesOptions {
  /** False-positive reports an applied rule tolerates (as /api/v1/rules). */
  fpThreshold?: number;
}

export function datasetRoutes(s: ApiServices, opts: DatasetRoutesOptions = {}) {
  const app = newRouter();

  app.openapi(addSampleRoute, async (c) => {
    const b = c.req.valid('json');
    const [id] = await addSamples(s.db, [{ sampleType: b.sample_type, data: b.data, label: b.label, confidence: b.confidence, reviewer: b.reviewer, source: b.source, split: b.split }]);
    return c.json({ status: 'success', sample_id: id, label: b.label }, 201);
  });

  app.openapi(addFpRoute, async (c) => {
    const { sample, reviewer } = c.req.valid('json');
    const data = 'data' in sample ? sample.data : sample.payload;
    let rule: Record<string, unknown> | undefined;
    if (sample.rule_id !== undefined) {
      const threshold = opts.fpThreshold ?? DEFAULT_FP_THRESHOLD;
      const r = await reportFalsePositive(s.db, sample.rule_id, reviewer, sample.detail || `false positive on ${JSON.stringify(data.slice(0, 200))}`, threshold);
      rule = { rule_id: sample.rule_id, threshold, ...r };
    }
    const origin = {
      kind: sample.rule_id !== undefined ? 'waf_rule' : 'predict_payload',
      ...(sample.rule_id !== undefined && { ruleId: sample.rule_id }),
      ...(sample.predicted_class && { predictedClass: sample.predicted_class }),
      ...(sample.model_version && { modelVersion: sample.model_version }),
      ...(sample.model_id && { modelId: sample.model_id }),
      ...(sample.detail && { detail: sample.detail }),
    };
    const [id] = await addSamples(s.db, [{
      sampleType: sample.sample_type,
      data,
      label: 'benign',
      source: sample.rule_id !== undefined ? 'false_positive:rule' : 'false_positive:predict',
      reviewer,
      origin,
    }]);
    return c.json(toJson({ status: 'success', sample_id: id, label: 'benign', reviewer, ...(rule && { rule }) }), 201);
  });

  app.openapi(statsRoute, async (c) => c.json(toJson(await datasetStatsOf(s.db)) as unknown as Record<string, unknown>, 200));

  return app;
}
