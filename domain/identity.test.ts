// Identities are compared after NFKC and removal of invisible/format characters, and limited
// to a documented set; the workflow validators use the same rule, so a disguised requester
// cannot approve (or a disguised "system" review) their own change.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { checkApprover, type CycleStatus } from '../workflows/hardening/hardening-cycle.defs';
import { reviewTargets, type ThreatAnalysisStatus } from '../workflows/threat/threat-analysis.defs';
import { canonicalIdentity, IDENTITY_MAX_LENGTH, identityKey, identityProblem, sameIdentity } from './identity';

describe('canonical identities', () => {
  it.each([
    ['car\u200Bol', 'carol'], // zero-width space
    ['car\u200Dol', 'carol'], // zero-width joiner
    ['\uFEFFcarol', 'carol'], // byte-order mark
    ['\u202Ecarol\u202C', 'carol'], // bidi override
    ['\u2066carol\u2069', 'carol'], // bidi isolate
    ['car\u00ADol', 'carol'], // soft hyphen
    ['car\u2060ol', 'carol'], // word joiner
    ['carol\uFE0F', 'carol'], // variation selector (default-ignorable, not Cf)
    ['ｃａｒｏｌ', 'carol'], // fullwidth
    ['  carol\u00A0 smith ', 'carol smith'], // NBSP and runs of spaces
    ['e\u0301', 'é'], // decomposed → composed
  ])('%j → %j', (raw, canonical) => {
    expect(canonicalIdentity(raw)).toBe(canonical);
    expect(identityProblem(raw)).toBeUndefined();
  });

  it.each([
    ['car\u200Bol', 'carol'],
    ['CAROL', 'carol'],
    ['Ｃａｒｏｌ', 'carol'],
    ['Zoë', 'zoe\u0308'],
  ])('%j is the same person as %j', (a, b) => {
    expect(sameIdentity(a, b)).toBe(true);
    expect(identityKey(a)).toBe(identityKey(b));
  });

  it.each([
    ['carol', 'carole'],
    ['carol', 'car ol'],
    ['bob', 'b0b'],
  ])('%j is not %j', (a, b) => expect(sameIdentity(a, b)).toBe(false));

  it.each([
    ['ca\u0000rol', /control/],
    ['carol\n', /control/],
    ['carol\u0085', /control/], // C1 next line
    ['carol\u007F', /control/],
    ['\u200B\u200D', /required/],
    ['   ', /required/],
    ['x'.repeat(IDENTITY_MAX_LENGTH + 1), /at most/],
    ['carol;drop', /only letters/],
    ['<carol>', /only letters/],
    ['carol/admin', /only letters/],
  ])('%j is refused (%s)', (raw, why) => {
    expect(identityProblem(raw)).toMatch(why);
  });

  it.each(['alice', 'bob.smith@example.com', 'svc-deploy_2', 'Jürgen Groß', '山田 太郎', 'a+b'])('%j is accepted', (raw) => {
    expect(identityProblem(raw)).toBeUndefined();
  });
});

const failureType = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return { type: (err as ApplicationFailure).type, nonRetryable: (err as ApplicationFailure).nonRetryable };
  }
  throw new Error('expected a refusal');
};

describe('checkApprover (hardening-cycle Update validator)', () => {
  const waiting: CycleStatus = { workflowId: 'w', environment: 'sandbox', requester: 'carol', stage: 'awaiting_approval', awaitingApproval: true, compensated: [] };

  it.each(['car\u200Bol', 'CAROL', '\u202Ecarol', 'ｃａｒｏｌ', ' carol '])('approver %j approving carol\'s change → SelfApprovalRefused', (approver) => {
    expect(failureType(() => checkApprover(waiting, { approver }))).toEqual({ type: 'SelfApprovalRefused', nonRetryable: true });
  });

  it('a requester stored with invisible characters is still matched', () => {
    expect(failureType(() => checkApprover({ ...waiting, requester: 'ca\u200Brol' }, { approver: 'carol' })).type).toBe('SelfApprovalRefused');
  });

  it('refuses invalid approvers and a cycle that is not waiting, each with its type', () => {
    expect(failureType(() => checkApprover(waiting, { approver: 'bo\u0000b' })).type).toBe('InvalidInput');
    expect(failureType(() => checkApprover(waiting, { approver: '\u200B' })).type).toBe('InvalidInput');
    expect(failureType(() => checkApprover({ ...waiting, awaitingApproval: false, stage: 'execute' }, { approver: 'bob' })).type).toBe('NotAwaitingApproval');
  });

  it('another person may approve', () => {
    expect(() => checkApprover(waiting, { approver: 'bob' })).not.toThrow();
  });
});

describe('reviewTargets (threat-analysis Update validator)', () => {
  const status = {
    workflowId: 'w',
    evidenceId: 'e',
    stage: 'review',
    rules: [{ attackClass: 'sql_injection', outcome: 'pending_review', reason: 'r', payloads: 1, ruleId: 9 }],
    ignoredReviews: [],
  } as unknown as ThreatAnalysisStatus;

  it.each(['system', 'SYSTEM', 'sys\u200Btem', 'ｓｙｓｔｅｍ', 'system scheduler'])('reviewer %j → ReviewerRefused', (reviewer) => {
    expect(failureType(() => reviewTargets(status, { reviewer, decision: 'approve' })).type).toBe('ReviewerRefused');
  });

  it('typed refusals for bad input and nothing to review; an analyst gets the pending rule', () => {
    expect(failureType(() => reviewTargets(status, { reviewer: 'ali\u0000ce', decision: 'approve' })).type).toBe('InvalidInput');
    expect(failureType(() => reviewTargets(status, { reviewer: 'alice', decision: 'approve', ruleId: 10 })).type).toBe('NotAwaitingReview');
    expect(failureType(() => reviewTargets({ ...status, rules: [] }, { reviewer: 'alice', decision: 'approve' })).type).toBe('NotAwaitingReview');
    expect(reviewTargets(status, { reviewer: 'alice', decision: 'approve' }).map((r) => r.ruleId)).toEqual([9]);
  });
});
