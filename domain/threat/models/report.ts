// A model decision explained: which metrics decided a gate check, a canary stage, a rollback or
// a promotion, rendered as Markdown and HTML (the same content; HTML escaped). Pure: no I/O, no
// clock (the caller passes `at`).

export const REPORT_KINDS = ['gates', 'canary_stage', 'rollback', 'promotion', 'abort'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type Cell = string | number | boolean | null;

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface ModelReport {
  kind: ReportKind;
  modelId: string;
  title: string;
  /** One word or phrase: `passed`, `gates_failed`, `advance`, `rolled_back`, `production`. */
  decision: string;
  /** ISO 8601. */
  at: string;
  /** Why, one line each (the failed thresholds, the stage decision's reason). */
  reasons: string[];
  /** Key facts (workflow id, dataset version, stage, split). */
  facts: [string, Cell][];
  tables: ReportTable[];
}

const cell = (c: Cell) => (c === null ? '–' : typeof c === 'boolean' ? (c ? 'yes' : 'no') : String(c));
const mdEscape = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The report as Markdown (GitHub-flavoured tables). */
export function renderMarkdown(r: ModelReport): string {
  const out = [`# ${mdEscape(r.title)}`, '', `**Decision:** ${mdEscape(r.decision)}  `, `**Model:** \`${r.modelId}\`  `, `**At:** ${r.at}`, ''];
  for (const [k, v] of r.facts) out.push(`- ${mdEscape(k)}: ${mdEscape(cell(v))}`);
  if (r.facts.length) out.push('');
  if (r.reasons.length) {
    out.push('## Why', '');
    for (const reason of r.reasons) out.push(`- ${mdEscape(reason)}`);
    out.push('');
  }
  for (const t of r.tables) {
    out.push(`## ${mdEscape(t.title)}`, '', `| ${t.columns.map(mdEscape).join(' | ')} |`, `|${t.columns.map(() => ' --- ').join('|')}|`);
    for (const row of t.rows) out.push(`| ${row.map((c) => mdEscape(cell(c))).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

/** The report as a standalone HTML document (every value escaped). */
export function renderHtml(r: ModelReport): string {
  const e = htmlEscape;
  const parts = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${e(r.title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style>',
    '</head><body>',
    `<h1>${e(r.title)}</h1>`,
    `<p><strong>Decision:</strong> ${e(r.decision)}<br><strong>Model:</strong> <code>${e(r.modelId)}</code><br><strong>At:</strong> ${e(r.at)}</p>`,
  ];
  if (r.facts.length) parts.push(`<ul>${r.facts.map(([k, v]) => `<li>${e(k)}: ${e(cell(v))}</li>`).join('')}</ul>`);
  if (r.reasons.length) parts.push('<h2>Why</h2>', `<ul>${r.reasons.map((x) => `<li>${e(x)}</li>`).join('')}</ul>`);
  for (const t of r.tables) {
    parts.push(`<h2>${e(t.title)}</h2>`, '<table>', `<thead><tr>${t.columns.map((c) => `<th>${e(c)}</th>`).join('')}</tr></thead>`, '<tbody>');
    for (const row of t.rows) parts.push(`<tr>${row.map((c) => `<td>${e(cell(c))}</td>`).join('')}</tr>`);
    parts.push('</tbody></table>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
