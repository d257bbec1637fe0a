// The seed's four evaluation metrics (GET /api/v1/evaluation) as charts, and posture over time
// per environment: risk before and after each cycle.
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Evaluation } from '../api/types';
import { ChartCard, COLORS, fixed, pct } from '../components/Chart';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function EvaluationCharts({ e }: { e: Evaluation }) {
  const gate = e.gatePassRate;
  const gateData = gate === null ? [] : [{ name: 'passed', value: gate }, { name: 'failed', value: 1 - gate }];
  const risk = [{ name: 'breakage risk', mean: e.breakageRisk.avg ?? 0, p95: e.breakageRisk.p95 ?? 0 }];
  const actions = e.actionDistribution.map((a) => ({ action: a.actionId ?? '(all masked)', count: a.count }));
  return (
    <div className="grid">
      <ChartCard title="Gate pass rate" summary={`${pct(gate)} of simulated changes passed both gates`}>
        <PieChart>
          <Pie data={gateData} dataKey="value" nameKey="name" innerRadius={50} outerRadius={80} isAnimationActive={false}>
            {gateData.map((d, i) => <Cell key={d.name} fill={i === 0 ? '#2f855a' : '#c53030'} />)}
          </Pie>
          <Tooltip formatter={(v) => pct(Number(v))} />
          <Legend />
        </PieChart>
      </ChartCard>
      <ChartCard title="Predicted breakage risk" summary={`mean ${fixed(e.breakageRisk.avg)}, p95 ${fixed(e.breakageRisk.p95)}`}>
        <BarChart data={risk}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis domain={[0, 1]} />
          <Tooltip />
          <Legend />
          <Bar dataKey="mean" fill={COLORS[0]} isAnimationActive={false} />
          <Bar dataKey="p95" fill={COLORS[1]} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Reward trend" summary={`${e.rewardTrend.length} minute(s); latest mean reward ${fixed(e.rewardTrend.at(-1)?.avgReward)}`}>
        <LineChart data={e.rewardTrend.map((r) => ({ ...r, label: time(r.t) }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip />
          <Line type="monotone" dataKey="avgReward" name="mean reward" stroke={COLORS[2]} dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title="Action distribution" summary={actions.slice(0, 3).map((a) => `${a.action}: ${a.count}`).join(', ') || 'no decisions yet'}>
        <BarChart data={actions} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="action" width={140} />
          <Tooltip />
          <Bar dataKey="count" fill={COLORS[5]} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </div>
  );
}

export function PostureCharts({ posture }: { posture: Evaluation['posture'] }) {
  const byEnv = new Map<string, Evaluation['posture']>();
  for (const p of posture) byEnv.set(p.environment, [...(byEnv.get(p.environment) ?? []), p]);
  if (!byEnv.size) return <p className="muted">No cycle has recorded its risk yet: run one from the Timeline.</p>;
  return (
    <div className="grid">
      {[...byEnv].map(([env, points]) => {
        const last = points.at(-1)!;
        return (
          <ChartCard key={env} title={`Posture: ${env}`} summary={`${points.length} cycle(s); last risk ${fixed(last.riskBefore)} → ${fixed(last.riskAfter)}`} height={180}>
            <LineChart data={points.map((p) => ({ ...p, label: time(p.ts) }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis domain={[0, 'auto']} />
              <Tooltip />
              <Legend />
              <Line type="monotone" dataKey="riskBefore" name="risk before" stroke={COLORS[3]} dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="riskAfter" name="risk after" stroke={COLORS[2]} dot={false} isAnimationActive={false} />
            </LineChart>
          </ChartCard>
        );
      })}
    </div>
  );
}
