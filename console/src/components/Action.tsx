// Actions and their outcome. `useAction` runs one API call at a time and keeps its outcome:
// the API's `{code, message}` in words on failure (role="alert"), a plain sentence on success
// (role="status"). `Guarded` is a button the caller's role may lack: disabled with the reason.
import { useState, type ReactNode } from 'react';
import { useCan } from '../auth/access';

export type Outcome = { kind: 'ok' | 'error'; text: string } | undefined;

/** `onDone` runs after every attempt with its outcome (a list can reload, a page keep the line once the item is gone). */
export function useAction(onDone?: (outcome: Outcome) => void) {
  const [busy, setBusy] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const run = async (label: string, fn: () => Promise<string>): Promise<boolean> => {
    setBusy(label);
    setOutcome(undefined);
    let result: Outcome;
    try {
      result = { kind: 'ok', text: await fn() };
    } catch (err) {
      result = { kind: 'error', text: `${label} failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    setOutcome(result);
    setBusy(undefined);
    onDone?.(result);
    return result.kind === 'ok';
  };
  return { busy, outcome, run, clear: () => setOutcome(undefined) };
}

/** The outcome line; `errorsOnly` when the page shows successes (the item may be gone after one). */
export function OutcomeLine({ outcome, errorsOnly = false }: { outcome: Outcome; errorsOnly?: boolean }) {
  if (!outcome || (errorsOnly && outcome.kind === 'ok')) return null;
  return (
    <p role={outcome.kind === 'error' ? 'alert' : 'status'} className={outcome.kind}>
      {outcome.text}
    </p>
  );
}

export function Guarded(props: {
  method: 'POST' | 'DELETE' | 'PUT';
  path: string;
  onClick: () => void;
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const can = useCan(props.method, props.path);
  return (
    <button
      type="button"
      className={props.className}
      onClick={props.onClick}
      disabled={props.disabled || !can.allowed}
      title={can.why}
      aria-description={can.why}
    >
      {props.children}
    </button>
  );
}

/** A read that failed, in words. */
export function ReadError({ error }: { error?: string }) {
  return error ? <p role="alert" className="error">{error}</p> : null;
}
