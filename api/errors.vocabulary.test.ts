// The error vocabulary is closed: every code has one status, everything a handler can throw
// maps to a listed code, and every error response in the OpenAPI document is derived from
// the list (its status matches, it names only listed codes).
import { readdirSync, readFileSync } from 'node:fs';
import { ScheduleNotFoundError, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { SpecError } from '../domain/hardening';
import { EnvironmentNotFoundError } from '../repo/hardening/environments';
import { RuleNotFoundError, RuleStateError } from '../repo/threat/rules';
import { UPDATE_REFUSALS } from '../workflows/refusals';
import { ApiError, ERROR_CODES, ERRORS, statusOf, toApiError, type ErrorCode } from './errors';
import { makeApp } from './test-support';

describe('the code → status map', () => {
  it.each(ERROR_CODES)('%s has one 4xx/5xx status and a description', (code) => {
    const [status, description] = ERRORS[code];
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(description.length).toBeGreaterThan(5);
    expect(new ApiError(code, 'm').status).toBe(status);
  });

  it('codes are snake_case and unique', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('toApiError maps what handlers throw onto the list', () => {
  const refused = (type: string) => new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message: 'no' }));
  const grpc = (code: number) => Object.assign(new ServiceError('rpc failed', { cause: Object.assign(new Error('x'), { code }) }));
  const pg = (code: string) => Object.assign(new Error('query failed'), { cause: { code, message: 'invalid byte sequence for encoding "UTF8": 0x00' } });
  it.each<[string, unknown, ErrorCode]>([
    ['malformed JSON', new HTTPException(400, { message: 'Malformed JSON in request body' }), 'invalid_json'],
    ['other 400', new HTTPException(400, { message: 'bad' }), 'invalid_request'],
    ['413', new HTTPException(413), 'payload_too_large'],
    ['415', new HTTPException(415), 'unsupported_media_type'],
    ['HTTP 500', new HTTPException(500), 'internal_error'],
    ['spec error', new SpecError('tier', 'tier: bad'), 'invalid_spec'],
    ['environment missing', new EnvironmentNotFoundError('atlantis'), 'environment_not_found'],
    ['rule missing', new RuleNotFoundError(7), 'rule_not_found'],
    ['rule state', new RuleStateError(7, 'applied', 'no'), 'rule_state_conflict'],
    ['workflow missing', new WorkflowNotFoundError('gone', 'wf', undefined), 'workflow_not_found'],
    ['schedule missing', new ScheduleNotFoundError('gone', 's'), 'schedule_not_found'],
    ['self-approval', refused('SelfApprovalRefused'), 'self_approval_refused'],
    ['not awaiting approval', refused('NotAwaitingApproval'), 'not_awaiting_approval'],
    ['not awaiting review', refused('NotAwaitingReview'), 'not_awaiting_review'],
    ['system reviewer', refused('ReviewerRefused'), 'reviewer_refused'],
    ['invalid update input', refused('InvalidInput'), 'invalid_request'],
    ['unknown refusal', refused('Error'), 'update_refused'],
    ['Temporal down', grpc(14), 'temporal_unavailable'],
    ['Temporal error', grpc(3), 'temporal_error'],
    ['NUL reached Postgres', pg('22021'), 'invalid_request'],
    ['constraint in Postgres', pg('23505'), 'internal_error'],
    ['anything else', new Error('boom'), 'internal_error'],
  ])('%s → %s', (_name, err, code) => {
    const mapped = toApiError(err);
    expect(mapped.code).toBe(code);
    expect(mapped.status).toBe(statusOf(code));
  });

  it('every workflow Update refusal has its own code', () => {
    for (const type of UPDATE_REFUSALS) {
      const err = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message: 'no' }));
      expect(toApiError(err).code).not.toBe('update_refused');
    }
  });
});

describe('routes', () => {
  let db: DbHandle;
  let doc: { paths: Record<string, Record<string, { responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }> }>> };
  beforeAll(async () => {
    const made = await makeApp();
    db = made.db;
    doc = (await (await made.app.request('/openapi.json')).json()) as typeof doc;
  });
  afterAll(() => db.close());

  it("every operation's error responses are the Error schema and name only listed codes of that status", () => {
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, res] of Object.entries(op.responses)) {
          if (Number(status) < 400 || (path === '/health' && status === '503')) continue;
          const where = `${method.toUpperCase()} ${path} ${status}`;
          expect(res.content?.['application/json']?.schema.$ref, where).toBe('#/components/schemas/Error');
          const codes = [...res.description.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]);
          expect(codes.length, where).toBeGreaterThan(0);
          for (const code of codes) {
            expect(ERROR_CODES, where).toContain(code);
            expect(statusOf(code as ErrorCode), `${where} ${code}`).toBe(Number(status));
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('no route answers an error on its own: api/*.ts build error bodies only in errors.ts, router.ts and app.ts', () => {
    const dir = new URL('.', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      if (['errors.ts', 'router.ts', 'app.ts', 'test-support.ts'].includes(file)) continue;
      const src = readFileSync(new URL(file, dir), 'utf8');
      // health.ts: its 503 is the documented Health body for probes, not an error body.
      const jsonErrors = [...src.matchAll(/c\.json\([^;]*?,\s*(4\d\d|5\d\d)\s*\)/g)].filter(() => file !== 'health.ts');
      expect(jsonErrors.map((m) => m[0]), file).toEqual([]);
      expect(src, file).not.toMatch(/errorBody\(|new HTTPException\(/);
    }
  });
});
