// Request fields people reach for by habit (from the seed, other APIs, or a sibling route) are
// refused by the strict schemas like any unknown key; this names the field the route does take.
// A hint is given only where one right field is unambiguous for the route.

interface Hint {
  /** Request paths (method-independent) the hint applies to. */
  path: RegExp;
  /** Field the route takes, and the habitual names that mean it. */
  use: string;
  for: string[];
}

const HINTS: Hint[] = [
  { path: /\/cycles\/[^/]+\/(approve|reject)$/, use: 'comment', for: ['reason', 'note', 'message', 'detail'] },
  { path: /\/cycles\/[^/]+\/(approve|reject)$/, use: 'approver', for: ['actor', 'reviewer', 'user', 'by', 'requester'] },
  { path: /\/rules\/[^/]+\/(apply|rollback)$/, use: 'reason', for: ['comment', 'note', 'message', 'detail'] },
  { path: /\/rules\/[^/]+\/(apply|rollback)$/, use: 'actor', for: ['approver', 'reviewer', 'user', 'analyst', 'by'] },
  { path: /\/rules\/[^/]+\/false-positive$/, use: 'detail', for: ['reason', 'comment', 'note', 'message'] },
  { path: /\/rules\/[^/]+\/false-positive$/, use: 'reporter', for: ['actor', 'reviewer', 'user', 'analyst', 'by'] },
  { path: /\/evidence\/[^/]+\/review$/, use: 'reason', for: ['comment', 'note', 'message', 'detail'] },
  { path: /\/evidence\/[^/]+\/review$/, use: 'reviewer', for: ['approver', 'actor', 'user', 'analyst', 'by'] },
  { path: /\/sentinel\/(predict-payload|explain|sandbox\/simulate)$/, use: 'payload', for: ['text', 'input', 'query', 'data'] },
  { path: /\/(cycles|schedules|cycle\/run|telemetry\/sample)$/, use: 'environment', for: ['env', 'environmentName', 'name'] },
  { path: /\/schedules$/, use: 'intervalSeconds', for: ['interval', 'every', 'intervalSecs', 'period'] },
];

/** The field to use instead of unknown `key` on `path`, or undefined when there is no clear one. */
export function fieldHint(path: string, key: string): string | undefined {
  return HINTS.find((h) => h.path.test(path) && h.for.includes(key))?.use;
}
