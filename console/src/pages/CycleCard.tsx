// One cycle as the seed's demo shows it: telemetry → decision → policy gate → simulation →
// approval → execution → verification → reward, with a link to its run in the Temporal Web UI.
import type { ConsoleSettings, TimelineEntry } from '../api/types';
import { fixed } from '../components/Chart';

type Tone = 'pass' | 'fail' | 'wait' | '';

const list = (v: unknown): string => (Array.isArray(v) ? v.map(String).join('; ') : v ? String(v) : '');

function Step({ label, tone, children }: { label: string; tone: Tone; children: React.ReactNode }) {
  return (
    <li className={tone}>
      <span className="label">{label}</span>
      {children}
    </li>
  );
}

function features(e: TimelineEntry): string {
  const top = e.decision?.explanation?.topFeatures ?? [];
  return top.slice(0, 3).map((f) => `${f.name ?? f.feature} ${fixed(f.contribution ?? f.weight ?? f.value, 2)}`).join(', ');
}

/** The Web UI's page for this workflow (latest run), or undefined when its address is unknown. */
export function webUiLink(settings: ConsoleSettings | undefined, workflowId: string): string | undefined {
  const base = settings?.temporal.webUi;
  if (!base) return undefined;
  return `${base.replace(/\/$/, '')}/namespaces/${encodeURIComponent(settings.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export function CycleCard({ e, settings }: { e: TimelineEntry; settings?: ConsoleSettings }) {
  const d = e.decision;
  const p = e.policy;
  const s = e.simulation;
  const impact = s?.predicted_impact;
  const link = webUiLink(settings, e.workflowId);
  const approval = e.awaitingApproval
    ? { tone: 'wait' as const, text: `waiting: ${list(e.approval?.reasons) || 'approval required'} (anyone but ${e.requester})` }
    : e.approval?.state
      ? { tone: (e.approval.state === 'approved' ? 'pass' : 'fail') as Tone, text: `${e.approval.state} by ${e.approval.approver}${e.approval.comment ? `: ${e.approval.comment}` : ''}` }
      : { tone: '' as const, text: p?.requiresApproval === false ? 'not required' : '—' };
  return (
    <li className="card" data-workflow-id={e.workflowId}>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <strong>{e.workflowId}</strong>
        <span className="muted">
          {new Date(e.ts).toLocaleString()} · {e.environment} · by {e.requester} · {e.status}
          {e.outcome ? ` (${e.outcome})` : ''}
        </span>
        {link && (
          <a href={link} target="_blank" rel="noreferrer">
            Open in Temporal Web UI<span className="visually-hidden"> ({e.workflowId})</span>
          </a>
        )}
      </div>
      <ol className="steps" aria-label={`Steps of ${e.workflowId}`}>
        <Step label="Telemetry" tone={e.riskBefore === null ? '' : 'pass'}>risk {fixed(e.riskBefore)}</Step>
        <Step label="Decision" tone={d ? 'pass' : ''}>
          {d ? `${d.actionId ?? 'no action (all masked)'}${d.target ? ` on ${d.target}` : ''}, propensity ${fixed(d.propensity, 2)}${d.explored ? ' (explored)' : ''}` : '—'}
          {d && features(e) && <div className="muted">top features: {features(e)}</div>}
        </Step>
        <Step label="Policy gate" tone={p ? (p.allowed ? 'pass' : 'fail') : ''}>
          {p ? `${p.allowed ? 'allow' : 'deny'}${list(p.reasons) ? `: ${list(p.reasons)}` : ''}` : '—'}
        </Step>
        <Step label="Simulation" tone={s ? (s.pass_fail ? 'pass' : 'fail') : ''}>
          {s ? `${s.pass_fail ? 'pass' : 'fail'}, breakage ${fixed(impact?.breakage_risk, 2)}, blast radius ${String(impact?.blast_radius ?? '—')}` : '—'}
        </Step>
        <Step label="Approval" tone={approval.tone}>{approval.text}</Step>
        <Step label="Execution" tone={e.execution?.status ? (e.execution.status === 'applied' ? 'pass' : 'fail') : ''}>
          {e.execution ? `${e.execution.status}${e.execution.mode ? ` (${e.execution.mode})` : ''}` : '—'}
        </Step>
        <Step label="Verification" tone={e.verification ? (e.verification.regression ? 'fail' : 'pass') : ''}>
          {e.verification ? `${e.verification.regression ? 'regression' : 'no regression'}, risk after ${fixed(e.verification.riskAfter)}` : '—'}
        </Step>
        <Step label="Reward" tone={e.reward?.value === null || e.reward?.value === undefined ? '' : e.reward.value >= 0 ? 'pass' : 'fail'}>
          {fixed(e.reward?.value)}
        </Step>
      </ol>
    </li>
  );
}
