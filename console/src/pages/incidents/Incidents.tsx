// Incidents: open one (POST /api/v1/incidents), and for each recent incident (polled) its live
// stage, containment and the actions its stage allows: approve/reject while awaiting approval;
// escalate, extend or resolve while containment holds.
import { api, call } from '../../api/client';
import { ReadError } from '../../components/Action';
import { usePolling } from '../../hooks';
import { IncidentItem, type Incident } from './IncidentItem';
import { OpenIncident } from './OpenIncident';

export function Incidents() {
  const list = usePolling(async () => (await call(api.GET('/api/v1/incidents', { params: { query: { limit: 50 } } }))) as Incident[], 3_000);
  return (
    <>
      <h1>Incidents</h1>
      <OpenIncident onOpened={list.reload} />
      <section aria-labelledby="incident-list" className="block">
        <h2 id="incident-list">Recent incidents</h2>
        <ReadError error={list.error} />
        {list.data?.length === 0 && <p className="muted">No incident yet.</p>}
        <ol className="cycles" aria-label="Incidents, newest first">
          {list.data?.map((i) => <IncidentItem key={i.workflowId} incident={i} onDone={list.reload} />)}
        </ol>
      </section>
    </>
  );
}
