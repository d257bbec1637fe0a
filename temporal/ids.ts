// The one place that owns task queues, workflow ids and search-attribute names.
// Pure: imported by workflows, activities, the API and the worker alike.
import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * One task queue per loop, so production scales each on its own: `hardening` runs hardening
 * cycles and their activities, `threat` runs threat analyses (evidence, detection, rules),
 * `sandbox` runs only exploit simulation (CPU- and memory-heavy, isolated worker threads).
 * `bulwark start` polls all three in one process; `bulwark worker --queues sandbox` polls one.
 */
export const TASK_QUEUES = {
  hardening: 'bulwark-hardening',
  threat: 'bulwark-threat',
  sandbox: 'bulwark-sandbox',
} as const;

export type TaskQueueName = keyof typeof TASK_QUEUES;
export const TASK_QUEUE_NAMES = Object.keys(TASK_QUEUES) as TaskQueueName[];

export type WorkflowKind = 'hardening-cycle' | 'hardening-schedule' | 'bare-noop' | 'threat-analysis' | 'rule-reverify' | 'incident-containment' | 'gated-retraining' | 'retraining-schedule' | 'canary-promotion';

/** Meaningful, stable workflow ids: `hardening-cycle:sandbox:000042`. */
export function workflowId(kind: WorkflowKind, ...parts: (string | number)[]): string {
  for (const p of parts) {
    if (String(p).includes(':')) throw new Error(`workflowId part must not contain ':' (got ${p})`);
  }
  return [kind, ...parts.map(String)].join(':');
}

export function cycleSequencePart(seq: number): string {
  return String(seq).padStart(6, '0');
}

/** Custom search attributes Bulwark registers on the Temporal namespace. */
export const SEARCH_ATTRIBUTES = {
  kind: 'BulwarkKind',
  environment: 'BulwarkEnvironment',
  action: 'BulwarkAction',
  outcome: 'BulwarkOutcome',
  /** threat-analysis verdict: simulate | tag | benign. */
  verdict: 'BulwarkVerdict',
  /** threat-analysis rule outcome: auto_applied | pending_review | approved | logged | … (RuleOutcome). */
  ruleOutcome: 'BulwarkRuleOutcome',
  /** hardening-cycle stage: snapshot | propose | … | awaiting_approval | … | done (CycleStatus.stage). */
  stage: 'BulwarkStage',
  /** incident-containment severity, 0–10 (Double: `BulwarkSeverity >= 7` finds the serious ones). */
  severity: 'BulwarkSeverity',
} as const;

/** `--search-attribute` flags for `temporal server start-dev`: every attribute is a Keyword but severity. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword' | 'Double'> = Object.fromEntries(
  Object.values(SEARCH_ATTRIBUTES).map((name) => [name, name === SEARCH_ATTRIBUTES.severity ? ('Double' as const) : ('Keyword' as const)]),
);

export const SA = {
  kind: defineSearchAttributeKey(SEARCH_ATTRIBUTES.kind, 'KEYWORD'),
  environment: defineSearchAttributeKey(SEARCH_ATTRIBUTES.environment, 'KEYWORD'),
  action: defineSearchAttributeKey(SEARCH_ATTRIBUTES.action, 'KEYWORD'),
  outcome: defineSearchAttributeKey(SEARCH_ATTRIBUTES.outcome, 'KEYWORD'),
  verdict: defineSearchAttributeKey(SEARCH_ATTRIBUTES.verdict, 'KEYWORD'),
  ruleOutcome: defineSearchAttributeKey(SEARCH_ATTRIBUTES.ruleOutcome, 'KEYWORD'),
  stage: defineSearchAttributeKey(SEARCH_ATTRIBUTES.stage, 'KEYWORD'),
  severity: defineSearchAttributeKey(SEARCH_ATTRIBUTES.severity, 'DOUBLE'),
};
