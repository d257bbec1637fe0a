// The whole story of one threat analysis, as GET /api/v1/evidence/{id} tells it: the stage
// reached, the verdict, and per attack class whether the sandbox confirmed it (and why), whether
// a rule was proposed (and why not), and the gatekeeper's decision with its reasons. Stored on the
// evidence row when the analysis closes (condenseStory), read back after the run (explainAnalysis).
// Pure: no I/O.

/** What the workflow knows when it closes (a structural subset of ThreatAnalysisStatus). */
export interface StoryInput {
  stage: string;
  ruleOutcome?: string | null;
  simulation?: {
    status: string;
    reason?: string;
    sandboxId: string | null;
    simulated: { attackClass: string; verdict: string; preview: string; evidence: string[]; runnerUp?: { attackClass: string; score: number; verdict: string; evidence: string[] } }[];
    /** confirmed / unconfirmed / no_exploit (absent before issue 12). */
    outcome?: string;
    /** Classes the classifier is confident of that no oracle confirmed, with each oracle's reasons. */
    unconfirmed?: { attackClass: string; confidence: number; reasons: string[] }[];
  } | null;
  rules: {
    attackClass: string;
    outcome: string;
    reason: string;
    payloads: number;
    confirmed?: false;
    ruleId?: number;
    gatekeeper?: { action: string; reasons: string[]; policy_version: string };
    modsec?: { verified: boolean; reason: string; unavailable?: true };
    /** An analyst's decision on a rule held for review (absent in stories stored before it was kept). */
    review?: { decision: 'approve' | 'reject'; reviewer: string; reason?: string; at: string };
  }[];
}

/** The condensed story stored in `evidence.story` (jsonb): bounded by the simulated payloads. */
export type StoredStory = StoryInput & { simulation: StoryInput['simulation'] };

/** Keeps what the story needs and drops the rest (rule text, corpus samples, oracle evidence beyond one line). */
export function condenseStory(s: StoryInput): StoredStory {
  const sim = s.simulation;
  return {
    stage: s.stage,
    ruleOutcome: s.ruleOutcome ?? null,
    simulation: sim
      ? {
          status: sim.status,
          ...(sim.reason ? { reason: sim.reason } : {}),
          sandboxId: sim.sandboxId,
          simulated: sim.simulated.map((p) => ({
            attackClass: p.attackClass,
            verdict: p.verdict,
            preview: p.preview,
            evidence: p.evidence.slice(0, 1),
            ...(p.runnerUp ? { runnerUp: { attackClass: p.runnerUp.attackClass, score: p.runnerUp.score, verdict: p.runnerUp.verdict, evidence: p.runnerUp.evidence.slice(0, 1) } } : {}),
          })),
          ...(sim.outcome ? { outcome: sim.outcome } : {}),
          // One reason per stack and payload, at most 8 per class: the story stays small.
          ...(sim.unconfirmed ? { unconfirmed: sim.unconfirmed.map((u) => ({ attackClass: u.attackClass, confidence: u.confidence, reasons: u.reasons.slice(0, 8) })) } : {}),
        }
      : null,
    rules: s.rules.map((r) => ({
      attackClass: r.attackClass,
      outcome: r.outcome,
      reason: r.reason,
      payloads: r.payloads,
      ...(r.confirmed === false ? { confirmed: false as const } : {}),
      ...(r.ruleId !== undefined ? { ruleId: r.ruleId } : {}),
      ...(r.gatekeeper ? { gatekeeper: { action: r.gatekeeper.action, reasons: r.gatekeeper.reasons, policy_version: r.gatekeeper.policy_version } } : {}),
      ...(r.modsec ? { modsec: { verified: r.modsec.verified, reason: r.modsec.reason, ...(r.modsec.unavailable ? { unavailable: true as const } : {}) } } : {}),
      ...(r.review ? { review: { decision: r.review.decision, reviewer: r.review.reviewer, ...(r.review.reason ? { reason: r.review.reason } : {}), at: r.review.at } } : {}),
    })),
  };
}

export interface ClassStory {
  attackClass: string;
  confirmed: boolean;
  /** Why the sandbox did or did not confirm the class, in words. */
  confirmedWhy: string;
  rule: { proposed: boolean; outcome: string; why: string; ruleId: number | null };
  gatekeeper: { action: string; reasons: string[]; policyVersion: string } | null;
  /** The analyst's decision on a rule held for review and who took it (ISO `at`); null when none was taken. */
  review: { decision: 'approve' | 'reject'; reviewer: string; reason: string | null; at: string } | null;
}

export interface AnalysisExplanation {
  stage: string;
  outcome: string | null;
  ruleOutcome: string | null;
  /** `outcome`: confirmed, unconfirmed (the classifier is confident, no oracle confirmed: an analyst decides) or no_exploit; null before issue 12. */
  simulation: { status: string; reason: string | null; outcome: string | null } | null;
  classes: ClassStory[];
}

/** Outcomes whose rule was generated and stored by this analysis. */
const NOT_PROPOSED = new Set(['not_proposed', 'duplicate', 'rule_verification_unavailable']);

/**
 * The story in words. `story` is the stored (or live, condensed) story, null when the analysis
 * never reached the rule stage; `gatekeeperOf` supplies a stored rule's gatekeeper decision
 * (waf_rules provenance) when the story has none for it.
 */
export function explainAnalysis(
  story: StoredStory | null,
  outcome: string | null,
  gatekeeperOf: (ruleId: number) => ClassStory['gatekeeper'] = () => null,
): AnalysisExplanation {
  const sim = story?.simulation ?? null;
  const classes = [...new Set([...(sim?.simulated ?? []).map((p) => p.attackClass), ...(story?.rules ?? []).map((r) => r.attackClass)])];
  return {
    stage: story?.stage ?? (outcome ? 'done' : 'analyze'),
    outcome,
    ruleOutcome: story?.ruleOutcome ?? null,
    simulation: sim ? { status: sim.status, reason: sim.reason ?? null, outcome: sim.outcome ?? null } : null,
    classes: classes.map((attackClass) => {
      const payloads = (sim?.simulated ?? []).filter((p) => p.attackClass === attackClass);
      const hits = payloads.filter((p) => p.verdict === 'exploit_possible');
      // Payloads predicted as another class whose oracle declined, confirmed by this class's (runner-up).
      const viaRunnerUp = (sim?.simulated ?? []).filter((p) => p.runnerUp?.attackClass === attackClass && p.runnerUp.verdict === 'exploit_possible');
      const track = story?.rules.find((r) => r.attackClass === attackClass);
      const unconfirmed = sim?.unconfirmed?.find((u) => u.attackClass === attackClass);
      const confirmed = hits.length > 0 || viaRunnerUp.length > 0 || (track !== undefined && track.confirmed !== false);
      const triedRunnerUp = payloads.filter((p) => p.runnerUp).map((p) => `runner-up ${p.runnerUp!.attackClass} (score ${p.runnerUp!.score.toFixed(2)}) tried: ${p.runnerUp!.verdict}`);
      const confirmedWhy = confirmed
        ? hits.length
          ? `${hits.length} of ${payloads.length} payload(s) confirmed by the sandbox${hits[0]?.evidence[0] ? `: ${hits[0].evidence[0]}` : ''}`
          : viaRunnerUp.length
            ? `${viaRunnerUp.length} payload(s) predicted as ${viaRunnerUp[0].attackClass} confirmed by the ${attackClass} oracle (runner-up class)${viaRunnerUp[0].runnerUp!.evidence[0] ? `: ${viaRunnerUp[0].runnerUp!.evidence[0]}` : ''}`
            : `confirmed by the sandbox (${track?.payloads ?? 0} payload(s))`
        : unconfirmed
          ? `unconfirmed: the classifier is confident (${unconfirmed.confidence.toFixed(3)}) but no oracle confirmed any of ${payloads.length} payload(s), so any rule waits for an analyst; ${[...unconfirmed.reasons.slice(0, 4), ...triedRunnerUp].join('; ')}`
          : sim && sim.status !== 'ok'
          ? `not confirmed: sandbox ${sim.status}${sim.reason ? ` (${sim.reason})` : ''}`
          : `not confirmed: none of ${payloads.length} payload(s) reproduced (${[...new Set(payloads.map((p) => p.verdict))].join(', ')})${triedRunnerUp.length ? `; ${triedRunnerUp.join('; ')}` : ''}`;
      const gk = track?.gatekeeper;
      return {
        attackClass,
        confirmed,
        confirmedWhy,
        rule: track
          ? { proposed: !NOT_PROPOSED.has(track.outcome), outcome: track.outcome, why: track.reason, ruleId: track.ruleId ?? null }
          : { proposed: false, outcome: 'not_proposed', why: 'not proposed: the sandbox did not confirm this class', ruleId: null },
        gatekeeper: gk
          ? { action: gk.action, reasons: gk.reasons, policyVersion: gk.policy_version }
          : track?.ruleId !== undefined
            ? gatekeeperOf(track.ruleId)
            : null,
        review: track?.review ? { decision: track.review.decision, reviewer: track.review.reviewer, reason: track.review.reason ?? null, at: track.review.at } : null,
      };
    }),
  };
}
