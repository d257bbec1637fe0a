// Operations: the health of each component (polled): the API's database and Temporal
// (GET /health), libmodsecurity rule verification, the model server (model, circuit breaker,
// cache) and the sandbox audit chain; and the panic button behind a confirmation.
import { api, call } from '../../api/client';
import { usePolling } from '../../hooks';
import { Panic } from './Panic';

type Tone = 'pass' | 'fail' | 'wait';

function Component({ name, tone, children }: { name: string; tone: Tone | undefined; children: React.ReactNode }) {
  const word = tone === 'pass' ? 'ok' : tone === 'fail' ? 'down' : tone === 'wait' ? 'degraded' : 'checking…';
  return (
    <li className={tone ?? ''} data-component={name}>
      <span className="label">{name}</span>
      <strong>{word}</strong> {children}
    </li>
  );
}

export function Operations() {
  const health = usePolling(async () => {
    // 503 still carries the Health body (database unreachable): show it, not a bare failure.
    const res = await api.GET('/health');
    const body = (res.data ?? res.error) as { status: string; database: string; temporal: string; namespace: string; ruleVerification?: { status: string; reason?: string; fix?: string } } | undefined;
    if (!body || typeof body !== 'object' || !('database' in body)) throw new Error(`/health answered HTTP ${res.response.status}`);
    return body;
  }, 5_000);
  const model = usePolling(async () => (await call(api.GET('/api/v1/sentinel/model-server/health'))) as { status: string; model: { version: string | null; error: string | null }; circuit_breaker: { state: string }; cache: { size: number; max: number } }, 10_000);
  const audit = usePolling(async () => (await call(api.GET('/api/v1/sentinel/sandbox/audit-log/verify'))) as { ok?: boolean; entries: number; brokenAt?: unknown }, 30_000);
  const h = health.data;
  const tone = (ok: boolean | undefined, degraded = false): Tone | undefined => (ok === undefined ? undefined : ok ? (degraded ? 'wait' : 'pass') : 'fail');
  return (
    <>
      <h1>Operations</h1>
      <section aria-labelledby="components" className="block">
        <h2 id="components">Health of each component{h ? `: ${h.status}` : ''}</h2>
        {health.error && <p role="alert" className="error">The API could not be checked: {health.error}</p>}
        <ul className="steps" aria-label="Components">
          <Component name="API" tone={health.error ? 'fail' : tone(h ? h.status !== 'down' : undefined, h?.status === 'degraded')}>{h ? `namespace ${h.namespace}` : ''}</Component>
          <Component name="Database" tone={tone(h ? h.database === 'ok' : undefined)}>{h?.database === 'unreachable' ? 'unreachable' : ''}</Component>
          <Component name="Temporal" tone={tone(h ? h.temporal === 'ok' : undefined)}>{h?.temporal === 'unreachable' ? 'unreachable: cycles cannot start' : ''}</Component>
          <Component name="Rule verification" tone={h?.ruleVerification ? tone(true, h.ruleVerification.status !== 'ok') : undefined}>
            {h && !h.ruleVerification ? 'not reported by this process' : h?.ruleVerification?.reason ? `${h.ruleVerification.reason}; fix: ${h.ruleVerification.fix ?? '—'}` : 'libmodsecurity'}
          </Component>
          <Component name="Model server" tone={model.error ? 'fail' : tone(model.data ? model.data.status !== 'unavailable' : undefined, model.data?.status === 'degraded')}>
            {model.error ?? (model.data ? `model ${model.data.model.version ?? '—'}, breaker ${model.data.circuit_breaker.state}, cache ${model.data.cache.size}/${model.data.cache.max}` : '')}
          </Component>
          <Component name="Sandbox audit chain" tone={audit.error ? 'fail' : tone(audit.data ? audit.data.ok !== false : undefined)}>
            {audit.error ?? (audit.data ? `${audit.data.entries} entries${audit.data.ok === false ? `, broken at ${JSON.stringify(audit.data.brokenAt)}` : ', verified'}` : '')}
          </Component>
        </ul>
      </section>
      <Panic />
    </>
  );
}
