// The analyst's HTML report, fetched through the typed client (so the bearer token goes with
// it) and shown in a frame that runs no script (`sandbox=""`); the report carries its own CSP.
import { useState } from 'react';
import { api, describeProblem } from '../../api/client';

export function EvidenceReport({ id }: { id: string }) {
  const [html, setHtml] = useState<string>();
  const [error, setError] = useState<string>();
  const load = async () => {
    setError(undefined);
    try {
      // openapi-fetch parses an error body as JSON whatever parseAs says: the API's {code, message}.
      const res = (await api.GET('/api/v1/evidence/{id}/report', { params: { path: { id } }, parseAs: 'text' })) as { data?: string; error?: unknown; response: Response };
      if (!res.response.ok || res.data === undefined) throw new Error(describeProblem(res.error, res.response.status));
      setHtml(res.data);
    } catch (err) {
      setError(`The report could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <div>
      <h3>HTML report</h3>
      {!html && <button type="button" className="secondary" onClick={load}>Show the HTML report</button>}
      {error && <p role="alert" className="error">{error}</p>}
      {html && <iframe title={`HTML report of evidence ${id}`} sandbox="" srcDoc={html} className="report" />}
    </div>
  );
}
