// GET /api/v1/evaluation: the ZT-RL seed's four evaluation metrics (db/eval-queries.ts, run as
// written) and each environment's posture over time (risk before and after each cycle), for
// the console's Overview. One request, five queries; every number comes back as a JSON number.
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { resultRows } from '../../db/client';
import { EVAL_QUERIES } from '../../db/eval-queries';
import { apiRoute, newRouter } from '../router';
import type { ApiServices } from '../services';

/** Posture points returned, newest cycles first before sorting oldest first. */
const POSTURE_POINTS = 1000;

const Evaluation = z
  .object({
    gatePassRate: z.number().nullable().openapi({ description: 'Share of simulations that passed (0..1); null with no simulation' }),
    breakageRisk: z.object({
      avg: z.number().nullable().openapi({ description: 'Mean predicted breakage risk (0..1)' }),
      p95: z.number().nullable().openapi({ description: '95th percentile of the predicted breakage risk (0..1)' }),
    }),
    rewardTrend: z.array(z.object({ t: z.string().openapi({ description: 'Minute start, ISO 8601' }), avgReward: z.number() })).openapi({ description: 'Mean reward per minute, oldest first' }),
    actionDistribution: z.array(z.object({ actionId: z.string().nullable().openapi({ description: 'null: every candidate was masked' }), count: z.number().int() })).openapi({ description: 'Decisions per action, most frequent first' }),
    posture: z
      .array(z.object({ environment: z.string(), workflowId: z.string(), ts: z.string(), riskBefore: z.number(), riskAfter: z.number().nullable() }))
      .openapi({ description: `Risk before and after each cycle that recorded it, oldest first (the last ${POSTURE_POINTS})` }),
  })
  .openapi('Evaluation', {
    example: {
      gatePassRate: 0.82,
      breakageRisk: { avg: 0.12, p95: 0.31 },
      rewardTrend: [{ t: '2026-11-30T10:00:00.000Z', avgReward: 0.41 }],
      actionDistribution: [{ actionId: 'restrict_ingress', count: 12 }],
      posture: [{ environment: 'sandbox', workflowId: 'hardening-cycle:sandbox:000001', ts: '2026-11-30T10:00:03.000Z', riskBefore: 0.62, riskAfter: 0.48 }],
    },
  });

const evaluationRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags: ['cycles'],
  summary: "The seed's evaluation metrics (gate pass rate, breakage risk, reward trend, action distribution) and posture over time",
  responses: { 200: { description: 'The metrics over every recorded cycle', content: { 'application/json': { schema: Evaluation } } } },
}));

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

export function evaluationRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(evaluationRoute, async (c) => {
    const run = async (text: string) => resultRows<Record<string, unknown>>(await s.db.execute(sql.raw(text)));
    const [[gate], [risk], trend, actions, posture] = await Promise.all([
      run(EVAL_QUERIES.gatePassRate),
      run(EVAL_QUERIES.breakageRisk),
      run(EVAL_QUERIES.rewardTrend),
      run(EVAL_QUERIES.actionDistribution),
      run(`SELECT * FROM (SELECT workflow_id, environment, started_at, (summary->>'riskBefore')::float8 AS risk_before,
             (summary->>'riskAfter')::float8 AS risk_after FROM cycles WHERE summary->>'riskBefore' IS NOT NULL
             ORDER BY started_at DESC LIMIT ${POSTURE_POINTS}) p ORDER BY started_at, workflow_id`),
    ]);
    return c.json({
      gatePassRate: num(gate?.gate_pass_rate),
      breakageRisk: { avg: num(risk?.avg_breakage_risk), p95: num(risk?.p95_breakage_risk) },
      rewardTrend: trend.map((r) => ({ t: iso(r.t), avgReward: Number(r.avg_reward) })),
      actionDistribution: actions.map((r) => ({ actionId: (r.action_id as string | null) ?? null, count: Number(r.c) })),
      posture: posture.map((r) => ({
        environment: String(r.environment),
        workflowId: String(r.workflow_id),
        ts: iso(r.started_at),
        riskBefore: Number(r.risk_before),
        riskAfter: num(r.risk_after),
      })),
    }, 200);
  });
  return app;
}
