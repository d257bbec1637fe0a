/**
 * The evaluation queries from the ZT-RL prototype spec (shared/seeds/zt-rl-prototype.md,
 * "Example SQL queries"), copied verbatim. They run unchanged against our schema; run them
 * with `createDb(...).execute(sql)`, which returns numbers for counts/averages and Dates
 * for timestamps on both drivers.
 */

/** One row: `gate_pass_rate` (null when there are no simulations). */
export const GATE_PASS_RATE_SQL = `SELECT
  COUNT(*) FILTER (WHERE pass_fail) * 1.0 / NULLIF(COUNT(*), 0) AS gate_pass_rate
FROM simulations;`;

/** One row: `avg_breakage_risk`, `p95_breakage_risk` (from simulations.predicted_impact). */
export const BREAKAGE_RISK_SQL = `SELECT
  AVG((predicted_impact->>'breakage_risk')::float) AS avg_breakage_risk,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY (predicted_impact->>'breakage_risk')::float) AS p95_breakage_risk
FROM simulations;`;

/** One row per minute with rewards: `t` (minute start), `avg_reward`; oldest first. */
export const REWARD_TREND_SQL = `SELECT
  date_trunc('minute', ts) AS t,
  AVG(reward_value) AS avg_reward
FROM rewards
GROUP BY 1
ORDER BY 1;`;

/** One row per action (null = every candidate masked): `action_id`, `c`; most frequent first. */
export const ACTION_DISTRIBUTION_SQL = `SELECT action_id, COUNT(*) AS c
FROM decisions
GROUP BY 1
ORDER BY c DESC;`;

export const EVAL_QUERIES = {
  gatePassRate: GATE_PASS_RATE_SQL,
  breakageRisk: BREAKAGE_RISK_SQL,
  rewardTrend: REWARD_TREND_SQL,
  actionDistribution: ACTION_DISTRIBUTION_SQL,
} as const;

export type EvalQueryName = keyof typeof EVAL_QUERIES;

/** Each query's title, as the spec's SQL comment gives it (`bulwark sql --eval-queries` prints them). */
export const EVAL_QUERY_TITLES: Record<EvalQueryName, string> = {
  gatePassRate: 'Gate pass rate',
  breakageRisk: 'Predicted breakage risk (avg + p95)',
  rewardTrend: 'Reward trend (per minute)',
  actionDistribution: 'Action distribution',
};
