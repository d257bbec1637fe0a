import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { authRequired, ConfigError, isLoopbackHost, parseConfig } from './config';

describe('parseConfig', () => {
  it('fills embedded defaults', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.EXECUTOR_MODE).toBe('sandbox');
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', TEMPORAL_ADDRESS: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseConfig({ TEMPORAL_ADDRESS: 'nohost' })).toThrow(ConfigError);
    expect(() => parseConfig({ APPROVAL_TIMEOUT: 'soon' })).toThrow(/APPROVAL_TIMEOUT/);
    expect(() => parseConfig({ VERDICT_TAG_THRESHOLD: '0.9' })).toThrow(/VERDICT_TAG_THRESHOLD/);
  });

  it('token cache ≤ 5 s and workflow-task concurrency per worker: defaults and bounds', () => {
    expect([parseConfig({}).TOKEN_CACHE_TTL_MS, parseConfig({}).WORKER_MAX_CONCURRENT_WORKFLOW_TASKS]).toEqual([5000, 10]);
    expect(parseConfig({ TOKEN_CACHE_TTL_MS: '0' }).TOKEN_CACHE_TTL_MS).toBe(0);
    expect(() => parseConfig({ TOKEN_CACHE_TTL_MS: '60000' })).toThrow(/TOKEN_CACHE_TTL_MS/);
    expect(() => parseConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '0' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
    expect(parseConfig({}).WORKER_MAX_CONCURRENT_SANDBOX_ACTIVITIES).toBe(availableParallelism());
    expect(parseConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: '4' }).WORKER_MAX_CONCURRENT_ACTIVITIES).toBe(4);
    expect(() => parseConfig({ WORKER_MAX_CONCURRENT_SANDBOX_ACTIVITIES: '0' })).toThrow(/WORKER_MAX_CONCURRENT_SANDBOX_ACTIVITIES/);
  });

  it('defaults to the filesystem object store and requires the S3 settings for s3', () => {
    expect(parseConfig({}).OBJECT_STORE).toBe('fs');
    expect(() => parseConfig({ OBJECT_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_ACCESS_KEY: required/);
    const c = parseConfig({
      OBJECT_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b', S3_BUCKET: 'bulwark-evidence',
    });
    expect(c.S3_BUCKET).toBe('bulwark-evidence');
  });

  it('serves the embedded database on loopback port 55432 unless PGLITE_PORT is off or 0', () => {
    expect(parseConfig({}).PGLITE_PORT).toBe(55432);
    expect(parseConfig({ PGLITE_PORT: '6543' }).PGLITE_PORT).toBe(6543);
    expect(parseConfig({ PGLITE_PORT: 'off' }).PGLITE_PORT).toBe(0);
    expect(parseConfig({ PGLITE_PORT: '0' }).PGLITE_PORT).toBe(0);
    expect(() => parseConfig({ PGLITE_PORT: 'on' })).toThrow(/PGLITE_PORT/);
  });
});

describe('authRequired', () => {
  it('api defaults to on, start to off; AUTH_REQUIRED decides when set', () => {
    expect(authRequired(parseConfig({}), true)).toBe(true);
    expect(authRequired(parseConfig({}), false)).toBe(false);
    expect(authRequired(parseConfig({ AUTH_REQUIRED: 'true' }), false)).toBe(true);
    expect(authRequired(parseConfig({ AUTH_REQUIRED: 'false', HOST: '::1' }), true)).toBe(false);
  });

  it.each(['0.0.0.0', '10.0.0.5', '::', 'bulwark.internal'])('refuses auth off on %s, names the fix', (HOST) => {
    expect(() => authRequired(parseConfig({ HOST }), false)).toThrow(/refusing to listen .* without auth: set AUTH_REQUIRED=true/);
    expect(authRequired(parseConfig({ HOST, AUTH_REQUIRED: 'true' }), false)).toBe(true);
  });

  it('loopback: 127.x, ::1, localhost', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '128.0.0.1', '::', '127.0.0.1.evil']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
