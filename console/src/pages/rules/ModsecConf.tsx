// The modsecurity.conf the API serves to WAFs (GET /api/v1/rules/modsecurity.conf), as text.
import { api } from '../../api/client';
import { ReadError } from '../../components/Action';
import { usePolling } from '../../hooks';

export function ModsecConf() {
  const conf = usePolling(async () => {
    const res = (await api.GET('/api/v1/rules/modsecurity.conf', { parseAs: 'text' })) as { data?: string; response: Response };
    if (!res.response.ok || res.data === undefined) throw new Error(`modsecurity.conf could not be read (HTTP ${res.response.status})`);
    return { text: res.data, version: res.response.headers.get('X-Ruleset-Version') };
  }, 10_000);
  return (
    <section aria-labelledby="modsec-conf" className="block">
      <h2 id="modsec-conf">Served modsecurity.conf{conf.data?.version ? ` (version ${conf.data.version})` : ''}</h2>
      <ReadError error={conf.error} />
      {conf.data && <pre className="rule conf" tabIndex={0} aria-label="modsecurity.conf">{conf.data.text}</pre>}
    </section>
  );
}
