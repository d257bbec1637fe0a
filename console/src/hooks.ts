// Small shared hooks: polling reads (live updates without a reload) and the hash route.
import { useCallback, useEffect, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  reload: () => void;
}

/** Runs `load` now and every `everyMs` (paused while the tab is hidden); keeps the last data on error. */
export function usePolling<T>(load: () => Promise<T>, everyMs: number, deps: unknown[] = []): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    const run = () => {
      if (document.hidden) return;
      load().then(
        (d) => live && (setData(d), setError(undefined)),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    };
    run();
    const timer = setInterval(run, everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [tick, everyMs, ...deps]);
  return { data, error, reload };
}

/** The page part of the hash (`#/timeline` → `timeline`). */
export function useHashRoute(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('?')[0] || 'overview';
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
