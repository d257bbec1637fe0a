// The named feature vector for one request, in the Sentinel seed's four groups:
// static (the request's shape), payload (what was sent), behavioural (how the client acts
// over its session) and metadata (where it comes from, what earlier stages tagged it with).
// The payload classifier uses only the payload group; the anomaly model and explanations
// use the whole vector. Missing context yields zeros, never NaN.
import { normalize } from './normalize';
import { PAYLOAD_FEATURE_COUNT, PAYLOAD_FEATURE_DEFS, payloadFeatures } from './payload-features';

/** What we may know about the request around a payload. Every field is optional. */
export interface RequestContext {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  body?: Record<string, string> | string;
  headers?: Record<string, string>;
  userAgent?: string;
  clientIp?: string;
  geo?: { country?: string };
  tags?: string[];
  /** 0 (clean) .. 1 (known bad), from an upstream reputation feed. */
  ipReputation?: number;
  /** Epoch milliseconds of this request. */
  timestamp?: number;
  session?: {
    /** Epoch milliseconds of the session's requests, in order. */
    requestTimestamps?: number[];
    paths?: string[];
    statusCodes?: number[];
  };
}

export type FeatureGroup = 'static' | 'payload' | 'behavioural' | 'metadata';

const STATIC_NAMES = [
  'method_is_get', 'method_is_post', 'method_is_unusual', 'path_depth', 'path_length',
  'path_has_extension', 'query_param_count', 'body_param_count', 'header_count', 'has_cookie',
  'has_referer', 'content_length',
] as const;
const BEHAVIOURAL_NAMES = [
  'session_request_count', 'request_rate_per_min', 'inter_arrival_mean_ms', 'inter_arrival_std_ms',
  'distinct_path_ratio', 'error_status_ratio', 'ua_is_tool', 'ua_missing', 'ua_length',
] as const;
const METADATA_NAMES = [
  'geo_high_risk', 'geo_missing', 'ip_is_private', 'ip_reputation', 'tag_count', 'has_attack_tag', 'hour_of_day_utc',
] as const;

export const FEATURE_GROUPS: Record<FeatureGroup, readonly string[]> = {
  static: STATIC_NAMES,
  payload: PAYLOAD_FEATURE_DEFS.map((d) => d.name),
  behavioural: BEHAVIOURAL_NAMES,
  metadata: METADATA_NAMES,
};

export const FEATURE_NAMES: readonly string[] = [
  ...STATIC_NAMES,
  ...FEATURE_GROUPS.payload,
  ...BEHAVIOURAL_NAMES,
  ...METADATA_NAMES,
];

// Scanners and attack tooling announce themselves in the User-Agent more often than not.
const TOOL_UA = /sqlmap|nikto|nmap|masscan|zgrab|nuclei|acunetix|netsparker|burp|dirbuster|gobuster|wfuzz|ffuf|hydra|python-requests|curl\/|wget\/|go-http-client|libwww-perl|httpclient/i;
const ATTACK_TAGS = new Set(['scanner', 'honeypot', 'known-bad', 'tor', 'bruteforce', 'attack', 'malicious']);
/** Placeholder risk list until a threat-intel feed is wired in; configurable later. */
const HIGH_RISK_COUNTRIES = new Set(['KP', 'IR', 'RU', 'CN']);

function isPrivateIp(ip: string): boolean {
  return /^(?:10\.|127\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|169\.254\.|::1$|fc|fd)/i.test(ip);
}

function stats(xs: number[]): { mean: number; std: number } {
  if (xs.length === 0) return { mean: 0, std: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) };
}

function staticFeatures(c: RequestContext): number[] {
  const method = (c.method ?? '').toUpperCase();
  const path = c.path ?? '';
  const headers = c.headers ?? {};
  const lower = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  const bodyCount = typeof c.body === 'string' ? (c.body ? c.body.split('&').length : 0) : Object.keys(c.body ?? {}).length;
  const contentLength = typeof c.body === 'string' ? c.body.length : JSON.stringify(c.body ?? {}).length - 2;
  return [
    method === 'GET' ? 1 : 0,
    method === 'POST' ? 1 : 0,
    method && !['GET', 'POST', 'HEAD', 'OPTIONS'].includes(method) ? 1 : 0,
    path.split('/').filter(Boolean).length,
    path.length,
    /\.[a-z0-9]{1,5}$/i.test(path) ? 1 : 0,
    Object.keys(c.query ?? {}).length,
    bodyCount,
    lower.size,
    lower.has('cookie') ? 1 : 0,
    lower.has('referer') ? 1 : 0,
    Math.max(0, contentLength),
  ];
}

function behaviouralFeatures(c: RequestContext): number[] {
  const ts = c.session?.requestTimestamps ?? [];
  const gaps = ts.slice(1).map((t, i) => t - ts[i]);
  const { mean, std } = stats(gaps);
  const spanMin = ts.length > 1 ? (ts[ts.length - 1] - ts[0]) / 60_000 : 0;
  const paths = c.session?.paths ?? [];
  const codes = c.session?.statusCodes ?? [];
  const ua = c.userAgent ?? c.headers?.['user-agent'] ?? c.headers?.['User-Agent'] ?? '';
  return [
    ts.length,
    spanMin > 0 ? ts.length / spanMin : 0,
    mean,
    std,
    paths.length ? new Set(paths).size / paths.length : 0,
    codes.length ? codes.filter((s) => s >= 400).length / codes.length : 0,
    TOOL_UA.test(ua) ? 1 : 0,
    ua ? 0 : 1,
    ua.length,
  ];
}

function metadataFeatures(c: RequestContext): number[] {
  const country = c.geo?.country?.toUpperCase();
  const tags = c.tags ?? [];
  return [
    country && HIGH_RISK_COUNTRIES.has(country) ? 1 : 0,
    country ? 0 : 1,
    c.clientIp && isPrivateIp(c.clientIp) ? 1 : 0,
    c.ipReputation ?? 0,
    tags.length,
    tags.some((t) => ATTACK_TAGS.has(t.toLowerCase())) ? 1 : 0,
    c.timestamp !== undefined ? new Date(c.timestamp).getUTCHours() : 0,
  ];
}

/** The full vector, aligned with FEATURE_NAMES. */
export function extractFeatureVector(payload: string, context: RequestContext = {}): Float64Array {
  const out = new Float64Array(FEATURE_NAMES.length);
  const s = staticFeatures(context);
  out.set(s, 0);
  payloadFeatures(payload, normalize(payload), out, s.length);
  const b = behaviouralFeatures(context);
  out.set(b, s.length + PAYLOAD_FEATURE_COUNT);
  out.set(metadataFeatures(context), s.length + PAYLOAD_FEATURE_COUNT + b.length);
  return out;
}

/** The same vector as a name → value record, for JSON, explanations and the anomaly model. */
export function extractFeatures(payload: string, context: RequestContext = {}): Record<string, number> {
  const v = extractFeatureVector(payload, context);
  const rec: Record<string, number> = {};
  FEATURE_NAMES.forEach((name, i) => (rec[name] = v[i]));
  return rec;
}
