// A self-contained HTML report a SOC analyst can open from a ticket or a mail: inline CSS,
// no scripts, no external assets. Every evidence-derived string is attacker-controlled, so
// everything interpolated goes through `esc` (there is no raw-HTML path in this file).
import type { Evidence } from '../evidence/schema';
import type { Analysis } from './engine';
import type { Contribution } from './explain';
import { CLASS_TEXT, classesPresent, groupPhrases, pct } from './report-parts';

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const COLOURS = { simulate: '#b3261e', tag: '#b26a00', benign: '#1e7b34' } as const;

function bars(title: string, items: Contribution[], colour: string): string {
  if (items.length === 0) return `<h3>${esc(title)}</h3><p class="muted">none</p>`;
  const max = Math.max(...items.map((c) => Math.abs(c.contribution)), 1e-9);
  const rows = items
    .map((c) => {
      const w = ((Math.abs(c.contribution) / max) * 100).toFixed(1);
      return `<div class="bar"><span class="label" title="${esc(c.feature)}">${esc(c.feature)}</span><span class="track"><span class="fill" style="width:${w}%;background:${colour}"></span></span><span class="val">${esc(c.contribution.toFixed(3))}</span></div>`;
    })
    .join('');
  return `<h3>${esc(title)}</h3>${rows}`;
}

function classesSection(a: Analysis): string {
  const classes = classesPresent(a.requests);
  if (classes.length === 0) return '<p class="muted">no location was labelled as an attack</p>';
  const items = classes
    .map(
      (c) =>
        `<li><b>${esc(c.attackClass)}</b> in ${esc(c.requests)} request(s), up to ${esc(pct(c.topConfidence))}: ${esc(CLASS_TEXT[c.attackClass])}. <span class="mono">e.g. ${esc(c.location)}: ${esc(c.value)}</span></li>`,
    )
    .join('');
  return `<ul>${items}</ul>`;
}

function findingsTable(a: Analysis): string {
  const rows = a.requests
    .map((r) => {
      const s = r.strongest;
      const cls = s.label === 'benign' ? '' : ' class="hit"';
      const time = Number.isFinite(new Date(r.timestamp).getTime()) ? new Date(r.timestamp).toISOString() : `${r.timestamp} (not a valid time)`;
      return `<tr${cls}><td>${r.index + 1}</td><td>${esc(time)}</td><td>${esc(r.clientIp)}</td><td>${esc(r.method)}</td><td class="mono">${esc(r.path)}</td><td>${esc(r.statusCode ?? 'not captured')}</td><td>${esc(s.label)}</td><td>${esc(s.attackClass)} ${esc(pct(s.attackConfidence))}</td><td class="mono">${esc(s.location)}</td><td class="mono">${esc(s.value)}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>#</th><th>time (UTC)</th><th>client</th><th>method</th><th>path</th><th>status</th><th>label</th><th>top attack class</th><th>location</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderHtmlReport(evidence: Evidence, a: Analysis): string {
  const colour = COLOURS[a.verdict];
  const deviations = a.anomaly.deviations
    .map((d) => `<li><b>${esc(d.feature)}</b>: ${esc(Number(d.value.toFixed(2)))} (typical ${esc(Number(d.typical.toFixed(2)))}, ${esc(d.deviation.toFixed(1))} robust σ)</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Bulwark threat analysis — ${esc(evidence.id)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:1200px}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin-top:1.8rem}h3{font-size:.95rem;margin:1rem 0 .4rem}
.verdict{display:inline-block;padding:.25rem .7rem;border-radius:4px;color:#fff;font-weight:700;letter-spacing:.05em}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:.8rem;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem .8rem}.card b{display:block;font-size:1.2rem}
.muted{color:#666}.mono{font-family:ui-monospace,monospace;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid #e4e4e4;padding:.3rem .4rem;text-align:left;vertical-align:top}
tr.hit{background:#fdecea}th{background:#f5f5f5}
.bar{display:grid;grid-template-columns:260px 1fr 70px;gap:.5rem;align-items:center;margin:.15rem 0}
.label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,monospace;font-size:12px}
.track{background:#f0f0f0;height:12px;border-radius:3px}.fill{display:block;height:12px;border-radius:3px}.val{text-align:right;font-size:12px}
p.narrative{background:#f7f7f7;border-left:4px solid ${colour};padding:.6rem .8rem}
</style></head><body>
<h1>Threat analysis: ${esc(evidence.id)}</h1>
<p class="muted">source ${esc(evidence.source)}${evidence.target ? ` · target ${esc(evidence.target.service)}` : ''}${evidence.capturedAt ? ` · captured ${esc(evidence.capturedAt)}` : ''} · model ${esc(a.modelVersion)}</p>
<span class="verdict" style="background:${colour}">${esc(a.verdict.toUpperCase())}</span>
<div class="grid">
<div class="card">confidence<b>${esc(pct(a.confidence))}</b></div>
<div class="card">payload risk<b>${esc(pct(a.payload.risk))}</b>${esc(a.payload.attackClass ?? 'no attack class')}</div>
<div class="card">session anomaly<b>${esc(a.anomaly.score.toFixed(3))}</b>threshold ${esc(a.anomaly.threshold.toFixed(3))}</div>
<div class="card">requests<b>${esc(a.requests.length)}</b>${esc(a.requests.filter((r) => r.attacks.length).length)} with attacks</div>
</div>
<h2>Narrative</h2><p class="narrative">${esc(a.narrative)}</p>
<h2>Attack classes present</h2>${classesSection(a)}
<h2>Why: classifier contributions (${esc(a.explanation.label)} vs ${esc(a.explanation.reference)}, log-odds ${esc(a.explanation.logit.toFixed(2))})</h2>
<p class="muted mono">strongest location ${esc(a.payload.location)}: ${esc(a.payload.value)}</p>
${bars('Supporting', groupPhrases(a.explanation.contributing, a.payload.value), '#b3261e')}
${bars('Contradicting', groupPhrases(a.explanation.contradicting, a.payload.value), '#1e6fb3')}
<h2>Session behaviour</h2>${deviations ? `<ul>${deviations}</ul>` : '<p class="muted">no feature far from ordinary sessions</p>'}
<h2>Requests</h2>${findingsTable(a)}
</body></html>
`;
}
