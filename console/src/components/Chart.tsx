// One chart in a card: a heading, the recharts figure (sized by its container) and a text
// summary for screen readers and for whoever prefers numbers.
import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

export function ChartCard({ title, summary, children, height = 220 }: { title: string; summary: ReactNode; children: ReactElement; height?: number }) {
  return (
    <figure className="card" style={{ margin: 0 }}>
      <h2>{title}</h2>
      <div role="img" aria-label={`${title} chart`} style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`);
export const fixed = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));
export const COLORS = ['#14213d', '#fca311', '#2f855a', '#c53030', '#6b46c1', '#2b6cb0', '#b7791f', '#4a5568'];
