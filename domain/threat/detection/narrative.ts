// The analyst-facing summary of an Analysis: what was decided, on which evidence, and what
// argued against it. Plain sentences; the HTML report and the API both show it verbatim.
import type { Analysis } from './engine';
import { pct } from './report-parts';

const num = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : Number(x.toFixed(2)).toString());

export function narrateAnalysis(a: Analysis): string {
  const parts: string[] = [];
  const n = a.requests.length;
  parts.push(`Verdict ${a.verdict.toUpperCase()} with ${pct(a.confidence)} confidence over ${n} request${n === 1 ? '' : 's'} (simulate ≥ ${a.thresholds.simulate}, tag ≥ ${a.thresholds.tag}).`);

  const attacked = a.requests.filter((r) => r.attacks.length > 0);
  const r = a.requests[a.payload.request];
  if (a.payload.attackClass) {
    parts.push(
      `Strongest payload: ${a.payload.attackClass} (${pct(a.payload.risk)}) in ${a.payload.location} of request #${a.payload.request + 1} (${r.method} ${r.path}); ` +
        `${attacked.length} of ${n} requests carried a payload classified as an attack.`,
    );
  } else {
    parts.push(`No payload looks like an attack: the highest attack probability is ${pct(a.payload.risk)} (${a.payload.location} of request #${a.payload.request + 1}).`);
  }

  const dev = a.anomaly.deviations.slice(0, 3).map((d) => `${d.feature} ${num(d.value)} (typical ${num(d.typical)})`);
  if (a.anomaly.anomalous) {
    parts.push(`Session behaviour is anomalous: isolation score ${a.anomaly.score.toFixed(3)} ≥ threshold ${a.anomaly.threshold.toFixed(3)}${dev.length ? `; most unusual: ${dev.join(', ')}` : ''}.`);
  } else {
    parts.push(`Session behaviour looks ordinary (isolation score ${a.anomaly.score.toFixed(3)} < threshold ${a.anomaly.threshold.toFixed(3)}).`);
  }
  if (a.verdict !== 'simulate' && a.anomaly.anomalous && !a.payload.attackClass) {
    parts.push('Behaviour alone never triggers a simulation: there is no payload to replay.');
  }
  parts.push(`Classifier: ${a.explanation.narrative}`);
  return parts.join(' ');
}
