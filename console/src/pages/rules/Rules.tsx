// Rules: the review queue (proposed rules: approve or reject), the active set (applied rules:
// history, false-positive report, rollback), the versions of the active set, and the served
// modsecurity.conf. Every list polls, so a rule proposed by a running analysis appears.
import { useState } from 'react';
import { api, call } from '../../api/client';
import { OutcomeLine, ReadError, type Outcome } from '../../components/Action';
import { usePolling } from '../../hooks';
import { ActiveRule } from './ActiveRule';
import { ModsecConf } from './ModsecConf';
import { ReviewItem } from './ReviewItem';
import { RuleHistory, Versions } from './RuleHistory';
import type { Rule } from './types';

const rules = async (status: 'proposed' | 'applied' | 'rolled_back' | 'rejected' | 'logged') =>
  ((await call(api.GET('/api/v1/rules', { params: { query: { status, limit: 100 } } }))) as { rules: Rule[] }).rules;

export function Rules() {
  const proposed = usePolling(() => rules('proposed'), 4_000);
  const applied = usePolling(() => rules('applied'), 4_000);
  const [history, setHistory] = useState<number>();
  // Kept here: a reviewed or rolled-back rule leaves its list, and its outcome must not go with it.
  const [last, setLast] = useState<Outcome>();
  const reload = (o: Outcome) => {
    if (o?.kind === 'ok') setLast(o);
    proposed.reload();
    applied.reload();
  };
  return (
    <>
      <h1>Rules</h1>
      <OutcomeLine outcome={last} />
      <section aria-labelledby="review-queue" className="block">
        <h2 id="review-queue">Review queue</h2>
        <ReadError error={proposed.error} />
        {proposed.data?.length === 0 && <p className="muted">No rule is waiting for review.</p>}
        <ol className="cycles" aria-label="Rules awaiting review">
          {proposed.data?.map((r) => <ReviewItem key={r.id} rule={r} onDone={reload} onHistory={() => setHistory(r.id)} />)}
        </ol>
      </section>
      <section aria-labelledby="active-set" className="block">
        <h2 id="active-set">Active set</h2>
        <ReadError error={applied.error} />
        {applied.data?.length === 0 && <p className="muted">No rule is applied.</p>}
        <ol className="cycles" aria-label="Applied rules">
          {applied.data?.map((r) => <ActiveRule key={r.id} rule={r} onDone={reload} onHistory={() => setHistory(r.id)} />)}
        </ol>
      </section>
      {history !== undefined && <RuleHistory id={history} onClose={() => setHistory(undefined)} />}
      <Versions />
      <ModsecConf />
    </>
  );
}

/** One line of provenance: where a rule came from and why it exists. */
export function Provenance({ rule }: { rule: Rule }) {
  const p = rule.provenance;
  const gk = p.gatekeeper;
  return (
    <p className="muted">
      From evidence {(p.evidenceIds ?? []).map((id, i) => <span key={id}>{i ? ', ' : ''}<a href="#/evidence">{id}</a></span>)}
      {p.modelVersion ? ` · model ${p.modelVersion}` : ''} · confidence {rule.confidence.toFixed(2)}
      {gk ? ` · gatekeeper ${gk.action} (${gk.reasons.join('; ')}; policy ${gk.policy_version})` : ''} · {rule.fpReports} false-positive report(s)
    </p>
  );
}
