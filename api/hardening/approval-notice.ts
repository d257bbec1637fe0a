// What a person needs to act on a cycle that waits for approval, said the same way wherever the
// cycle shows up (the seed's POST /cycle/run 202 body, GET /timeline): that it waits, why (the
// policy's approval reasons), who may approve (four-eyes: anyone but the requester), the exact
// approve and reject calls, and how to pre-approve such cycles (standing approvals).
import { z } from '@hono/zod-openapi';

export interface ApprovalNotice {
  state: 'awaiting_approval';
  requester: string;
  whoMayApprove: string;
  why: string[];
  approve: { method: 'POST'; path: string; body: { approver: string; comment?: string } };
  reject: { method: 'POST'; path: string; body: { approver: string; comment?: string } };
  /** The approve call as a shell line, addressed to `origin` (the address the caller used). */
  curl: string;
  preApprove: string;
}

export const ApprovalNoticeSchema = z
  .object({
    state: z.literal('awaiting_approval'),
    requester: z.string().openapi({ description: 'Who asked for the change: the one identity that may not approve it' }),
    whoMayApprove: z.string().openapi({ description: 'Who may approve or reject (four-eyes)' }),
    why: z.array(z.string()).openapi({ description: "The policy's reasons for requiring approval" }),
    approve: z.object({ method: z.literal('POST'), path: z.string(), body: z.object({ approver: z.string(), comment: z.string().optional() }) }),
    reject: z.object({ method: z.literal('POST'), path: z.string(), body: z.object({ approver: z.string(), comment: z.string().optional() }) }),
    curl: z.string().openapi({ description: 'The approve call, ready to paste (replace <your name>)' }),
    preApprove: z.string().openapi({ description: 'How to pre-approve such cycles (a standing approval)' }),
  })
  .openapi('ApprovalNotice');

/**
 * The notice for one waiting cycle. `reasons`: the policy decision's approval_reasons; `origin`:
 * scheme://host[:port] the caller reached the API on (default http://localhost:8080, its default address).
 */
export function approvalNotice(c: { workflowId: string; environment: string; requester: string; reasons: string[]; origin?: string }): ApprovalNotice {
  const path = (verb: 'approve' | 'reject') => `/api/v1/cycles/${c.workflowId}/${verb}`;
  const body = { approver: '<your name>' };
  return {
    state: 'awaiting_approval',
    requester: c.requester,
    whoMayApprove: `anyone with the approver role except ${c.requester}, who requested it (self-approval is refused with 409)`,
    why: c.reasons.length ? c.reasons : ['the policy requires approval for this change'],
    approve: { method: 'POST', path: path('approve'), body },
    reject: { method: 'POST', path: path('reject'), body },
    curl: `curl -sS -X POST '${c.origin ?? 'http://localhost:8080'}${path('approve')}' -H 'Content-Type: application/json' -d '{"approver":"<your name>"}'`,
    preApprove:
      `an approver other than ${c.requester} may grant a standing approval for ${c.environment}: ` +
      `POST /api/v1/standing-approvals {"environment":"${c.environment}","approver":"<your name>","reason":"…","expiresIn":"8h"} (see README, "Approving a change")`,
  };
}
