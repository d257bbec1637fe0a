// WAF tuning with guardrails (seed use case 4): strictness (CRS paranoia level),
// rate limits and blocking mode on internet-facing services. Data only; effects
// live in ./effects. The policy caps strictness per tier (params.strictness).
import type { CatalogPair as Pair } from '../catalog';

const SERVICE = ['service' as const];

export const WAF_PAIRS: Pair[] = [
  {
    id: 'increase_waf_strictness', domain: 'waf', title: 'Increase WAF strictness',
    description: 'Raise the WAF paranoia level (more rules, more false positives).',
    cost: 0.05, reversible: true, targetKinds: SERVICE, fields: ['wafStrictness'], params: '{ strictness?: 1..4 } (default: 2)',
    undo: { id: 'decrease_waf_strictness', title: 'Decrease WAF strictness', description: 'Lower the WAF paranoia level.', cost: 0.01, params: '{ strictness?: 0..3 }' },
  },
  {
    id: 'add_rate_limit', domain: 'waf', title: 'Add rate limit',
    description: 'Limit requests per second per client (default: 1.5x the known peak).',
    cost: 0.04, reversible: true, targetKinds: SERVICE, fields: ['rateLimitRps'], params: '{ rps?: number }',
    undo: { id: 'remove_rate_limit', title: 'Remove rate limit', description: 'Serve any request rate again.', cost: 0.01, params: '{}' },
  },
  {
    id: 'waf_block_mode', domain: 'waf', title: 'WAF blocking mode',
    description: 'Switch the WAF from detect-only (log) to blocking what its rules match.',
    cost: 0.06, reversible: true, targetKinds: SERVICE, fields: ['wafMode'], params: '{}',
    undo: { id: 'waf_detect_mode', title: 'WAF detect-only mode', description: 'Only log what the rules match.', cost: 0.01, params: '{}' },
  },
];
