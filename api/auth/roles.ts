// Which role each route needs, declared in the OpenAPI document itself (`x-bulwark-role`,
// `x-bulwark-write`, `x-bulwark-identity` and a bearer `security` requirement per operation),
// so the document, the enforcement (api/auth/middleware.ts) and the test that walks the
// document agree by construction. A route gets its role, in order, from: an explicit
// `'x-bulwark-role'` in its createRoute, the first matching rule below, or its method
// (GET/HEAD → viewer, anything else → operator). Routes added later are covered the same way.
import { isRole, type TokenRole } from '../../runtime/auth/token-store';
import { ERRORS, statusOf, type ErrorCode } from '../errors';

/** `public`: no token at all (probes). Everything else needs a bearer token of at least this role. */
export type RouteRole = TokenRole | 'public';

export const ROLE_KEY = 'x-bulwark-role';
export const WRITE_KEY = 'x-bulwark-write';
export const IDENTITY_KEY = 'x-bulwark-identity';
export const SECURITY_SCHEME = 'bearerAuth';

/**
 * Body fields that name a person. When auth is on they come from the token (api/auth/identity.ts):
 * a route whose body declares one of them records the caller, never what the body says.
 */
export const IDENTITY_FIELDS = ['requester', 'approver', 'reviewer', 'analyst', 'resolvedBy', 'resolver', 'decidedBy', 'actor'] as const;

interface RoleRule {
  methods: 'write' | 'any';
  path: RegExp;
  role: RouteRole;
  /** Overrides the method-derived "changes state" flag (rate limits and the audit of writes follow it). */
  write?: boolean;
  why: string;
}

const PARAM = '\\{[^}/]+\\}';

/** First match wins. Paths are OpenAPI paths (`/api/v1/rules/{id}/apply`). */
export const ROLE_RULES: RoleRule[] = [
  { methods: 'any', path: /^\/health$/, role: 'public', why: 'liveness/readiness probes carry no token' },
  { methods: 'any', path: /^\/api\/v1\/tokens(\/|$)/, role: 'admin', why: 'token management' },
  { methods: 'write', path: /^\/api\/v1\/schedules(\/|$)/, role: 'admin', why: 'schedules run cycles unattended' },
  { methods: 'write', path: /\/panic$/, role: 'admin', why: 'the panic button destroys every sandbox' },
  { methods: 'write', path: /\/models\/promote$/, role: 'admin', why: 'model promotion changes every verdict' },
  { methods: 'write', path: new RegExp(`/models/${PARAM}/promotion/abort$`), role: 'admin', why: 'aborting a canary changes which model serves' },
  { methods: 'write', path: new RegExp(`^/api/v1/environments(/${PARAM})?$`), role: 'admin', why: 'environment specs define what may be changed' },
  { methods: 'write', path: /\/(approve|reject|review|override)$/, role: 'approver', why: 'approvals, rule reviews, gatekeeper overrides' },
  { methods: 'write', path: new RegExp(`^/api/v1/rules/${PARAM}/(apply|rollback)$`), role: 'approver', why: 'changes the active WAF rule set' },
  {
    methods: 'write',
    path: /^\/api\/v1\/sentinel\/(analyze|predict-payload|explain)$/,
    role: 'viewer',
    write: false,
    why: 'a pure computation over the body: reads nothing private, stores nothing',
  },
];

const isWriteMethod = (method: string) => !['get', 'head', 'options'].includes(method.toLowerCase());

export interface RouteAccess {
  role: RouteRole;
  /** Changes state: rate-limited, and each use audited. */
  write: boolean;
  /** Identity fields of its body (taken from the token when auth is on). */
  identity: string[];
}

/** The access of one operation from its method, path and what it declares itself. */
export function routeAccess(method: string, path: string, declared: { role?: unknown; write?: unknown } = {}): Omit<RouteAccess, 'identity'> {
  const write = isWriteMethod(method);
  const rule = ROLE_RULES.find((r) => (r.methods === 'any' || write) && r.path.test(path));
  const role: RouteRole = declared.role === 'public' || isRole(declared.role) ? declared.role : (rule?.role ?? (write ? 'operator' : 'viewer'));
  const isWrite = typeof declared.write === 'boolean' ? declared.write : (rule?.write ?? write);
  return { role, write: isWrite };
}

type Json = Record<string, unknown>;
type OpenApiDoc = { paths?: Record<string, Record<string, Json>>; components?: Json & { schemas?: Record<string, Json> } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function bodyProperties(doc: OpenApiDoc, op: Json): string[] {
  const content = (op.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content;
  let schema = content?.['application/json']?.schema;
  for (let i = 0; schema?.$ref && i < 5; i++) schema = doc.components?.schemas?.[String(schema.$ref).split('/').pop() ?? ''];
  return Object.keys((schema?.properties as Json | undefined) ?? {});
}

/** Adds the auth error codes to an operation's responses, merged into any response of the same status. */
function documentCodes(op: Json, codes: ErrorCode[]) {
  const responses = (op.responses ??= {}) as Record<string, { description: string; content?: unknown }>;
  for (const code of codes) {
    const status = String(statusOf(code));
    const line = `\`${code}\`: ${ERRORS[code][1]}`;
    const existing = responses[status];
    if (existing) existing.description = `${existing.description}; ${line}`;
    else responses[status] = { description: line, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
}

/**
 * Writes every operation's access into the document (in place) and returns the table the
 * middleware enforces, keyed `METHOD /openapi/{path}`. `answers` says which of the auth and
 * rate-limit errors this app can actually answer with (documented only then).
 */
export function declareAccess(doc: OpenApiDoc, answers: { auth: boolean; rateLimit: boolean }): Map<string, RouteAccess> {
  const table = new Map<string, RouteAccess>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const access = routeAccess(method, path, { role: op[ROLE_KEY], write: op[WRITE_KEY] });
      const identity = bodyProperties(doc, op).filter((p) => (IDENTITY_FIELDS as readonly string[]).includes(p));
      table.set(`${method.toUpperCase()} ${path}`, { ...access, identity });
      op[ROLE_KEY] = access.role;
      op[WRITE_KEY] = access.write;
      if (identity.length) op[IDENTITY_KEY] = identity;
      // Without auth (the all-in-one on loopback) no operation needs a token: say so, so clients and
      // fuzzers do not expect a missing token to be refused.
      op.security = access.role === 'public' || !answers.auth ? [] : [{ [SECURITY_SCHEME]: [] }];
      const codes: ErrorCode[] = [];
      if (answers.auth && access.role !== 'public') codes.push('unauthorized', 'forbidden', ...(identity.length ? (['identity_mismatch'] as const) : []));
      if (answers.rateLimit && access.write) codes.push('rate_limited');
      documentCodes(op, codes);
    }
  }
  const components = (doc.components ??= {});
  components.securitySchemes = {
    ...(components.securitySchemes as Json | undefined),
    [SECURITY_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      description:
        'A token from `bulwark tokens create --role viewer|operator|approver|admin`. Each operation names the least role it ' +
        `needs in \`${ROLE_KEY}\` (viewer < operator < approver < admin). The all-in-one \`npm start\` on loopback may run without tokens.`,
    },
  };
  return table;
}
