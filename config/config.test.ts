import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

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
