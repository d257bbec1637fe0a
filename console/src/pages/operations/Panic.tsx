// The panic button: destroys every running sandbox at once (POST /api/v1/sentinel/sandbox/panic,
// audited), only after a confirmation dialog. Admin only when auth is on.
import { useState } from 'react';
import { api, call } from '../../api/client';
import { Guarded, OutcomeLine, useAction } from '../../components/Action';
import { Confirm } from '../../components/Confirm';

export function Panic() {
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const panic = () =>
    action.run('Panic', async () => {
      const { destroyed } = await call(api.POST('/api/v1/sentinel/sandbox/panic'));
      return `Panic: ${destroyed} running sandbox(es) destroyed; the audit log records it.`;
    });
  return (
    <section aria-labelledby="panic" className="card block">
      <h2 id="panic">Panic button</h2>
      <p>Destroys every running sandbox at once. Analyses running in them fail and are recorded as such.</p>
      <Guarded method="POST" path="/api/v1/sentinel/sandbox/panic" className="danger" disabled={!!action.busy} onClick={() => setConfirming(true)}>
        Panic: destroy all sandboxes
      </Guarded>
      {confirming && (
        <Confirm title="Destroy every running sandbox?" confirmLabel="Destroy all sandboxes" onCancel={() => setConfirming(false)} onConfirm={() => (setConfirming(false), void panic())}>
          This cannot be undone: every sandbox running now is killed.
        </Confirm>
      )}
      <OutcomeLine outcome={action.outcome} />
    </section>
  );
}
