import { describe, expect, it } from 'vitest';
import { anomalyScore, defaultAnomalyModel, explainAnomaly, thresholdFor, trainAnomalyModel } from './anomaly';
import { attackEvidence, benignEvidence, crawlerEvidence } from './fixtures';
import { sessionFromEvidence, sessionVector, syntheticBenignSessions } from './sessions';

const vec = (e: Parameters<typeof sessionFromEvidence>[0]) => sessionVector(sessionFromEvidence(e));

describe('anomaly model', () => {
  it('is deterministic for a seed and does not disturb Math.random', () => {
    const data = syntheticBenignSessions(128, 3).map(sessionVector);
    const before = Math.random;
    const a = trainAnomalyModel(data, { seed: 7 });
    const b = trainAnomalyModel(data, { seed: 7 });
    expect(Math.random).toBe(before);
    expect(a.trainingScores).toEqual(b.trainingScores);
    expect(anomalyScore(a, vec(crawlerEvidence()))).toBe(anomalyScore(b, vec(crawlerEvidence())));
    expect(trainAnomalyModel(data, { seed: 8 }).trainingScores).not.toEqual(a.trainingScores);
  });

  it('scores a bot-like session above a human one, and above the threshold', () => {
    const m = defaultAnomalyModel();
    const human = anomalyScore(m, vec(benignEvidence()));
    const bot = anomalyScore(m, vec(crawlerEvidence()));
    const attack = anomalyScore(m, vec(attackEvidence()));
    for (const s of [human, bot, attack]) expect(s >= 0 && s <= 1).toBe(true);
    expect(bot).toBeGreaterThan(human);
    expect(bot).toBeGreaterThanOrEqual(m.threshold);
    expect(attack).toBeGreaterThanOrEqual(m.threshold);
    expect(human).toBeLessThan(m.threshold);
  });

  it('derives the threshold from contamination and flags about that share of unseen benign sessions', () => {
    const m = defaultAnomalyModel();
    expect(thresholdFor(m, 0.1)).toBeLessThan(thresholdFor(m, 0.01));
    expect(() => thresholdFor(m, 0.7)).toThrow(RangeError);
    const fresh = syntheticBenignSessions(300, 42).map((s) => anomalyScore(m, sessionVector(s)));
    expect(fresh.filter((s) => s >= m.threshold).length / fresh.length).toBeLessThan(0.05);
  });

  it('names the features that make a session unusual', () => {
    const names = explainAnomaly(defaultAnomalyModel(), vec(crawlerEvidence())).map((d) => d.feature);
    expect(names).toContain('request_rate_per_min');
  });

  it('takes its cut-off from the configured contamination', () => {
    const strict = defaultAnomalyModel(0.01);
    const loose = defaultAnomalyModel(0.2);
    expect(loose.threshold).toBeLessThan(strict.threshold);
    expect(loose.contamination).toBe(0.2);
    expect(() => defaultAnomalyModel(0.7)).toThrow(RangeError);
  });
});
