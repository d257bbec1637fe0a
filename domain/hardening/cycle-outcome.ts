// How a hardening cycle ended. Shared by the workflow (its result), the activities (the
// record, the reward) and the domain (the reward's outcome penalties), so it lives here:
// activities must not import from workflows/, and the reward must see the real outcome.
export type CycleOutcome =
  | 'applied'
  | 'recommended'
  | 'no_action'
  | 'policy_denied'
  | 'simulation_failed'
  | 'rejected'
  | 'approval_timed_out'
  | 'rolled_back'
  | 'execution_failed'
  | 'failed'
  /** An operator cancelled the run; its compensations ran and all succeeded. */
  | 'cancelled'
  /** At least one compensation failed: the steps named in the status need a human. */
  | 'compensation_failed';
