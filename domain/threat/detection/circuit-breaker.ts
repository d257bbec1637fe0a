// A small circuit breaker for the in-process model server. After `failureThreshold`
// consecutive failures it opens and fails fast (the API answers 503 model_unavailable instead
// of throwing on every request); after `cooldownMs` it lets one trial call through
// (half-open): success closes it, failure re-opens it for another cool-down.
// Synchronous on purpose: inference is synchronous, and in a single-threaded isolate a
// half-open trial cannot race with another call.
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  failureThreshold?: number;
  cooldownMs?: number;
  /** Injectable clock for tests. */
  now?: () => number;
  onStateChange?: (state: BreakerState) => void;
}

export class CircuitOpenError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`circuit open; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  private readonly now: () => number;
  private readonly onStateChange?: (state: BreakerState) => void;
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private lastError?: string;

  constructor(opts: BreakerOptions = {}) {
    this.failureThreshold = opts.failureThreshold ?? 5;
    this.cooldownMs = opts.cooldownMs ?? 30_000;
    this.now = opts.now ?? Date.now;
    this.onStateChange = opts.onStateChange;
    if (!(this.failureThreshold >= 1)) throw new RangeError('failureThreshold must be ≥ 1');
  }

  /** The state, moving open → half_open once the cool-down has passed. */
  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) this.transition('half_open');
    return this.current;
  }

  call<T>(fn: () => T): T {
    if (this.state === 'open') throw new CircuitOpenError(this.cooldownMs - (this.now() - this.openedAt));
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.failures++;
      this.lastError = err instanceof Error ? err.message : String(err);
      if (this.current === 'half_open' || this.failures >= this.failureThreshold) {
        this.openedAt = this.now();
        this.transition('open');
      }
      throw err;
    }
    this.failures = 0;
    if (this.current !== 'closed') this.transition('closed');
    return result;
  }

  snapshot() {
    return {
      state: this.state,
      consecutive_failures: this.failures,
      failure_threshold: this.failureThreshold,
      cooldown_ms: this.cooldownMs,
      opened_at: this.current === 'closed' ? null : new Date(this.openedAt).toISOString(),
      last_error: this.lastError ?? null,
    };
  }

  private transition(state: BreakerState): void {
    this.current = state;
    this.onStateChange?.(state);
  }
}
