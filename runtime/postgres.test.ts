import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { startTestPostgres } from './postgres';

async function selectOne(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    const [row] = await sql`select 1 as one, current_setting('is_superuser') as su`;
    return row;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe('startTestPostgres', () => {
  it('starts a throwaway superuser cluster, answers select 1, and stops', async () => {
    const t0 = Date.now();
    const pg = await startTestPostgres();
    console.log(`postgres ready in ${Date.now() - t0} ms at ${pg.url}`);
    try {
      expect(pg.url).toMatch(/^postgres:\/\/bulwark:bulwark@127\.0\.0\.1:\d+\/postgres$/);
      expect(await selectOne(pg.url)).toEqual({ one: 1, su: 'on' });
    } finally {
      await pg.stop();
    }
    await expect(selectOne(pg.url)).rejects.toThrow();
  });

  it('the global setup provides a usable postgresUrl', async () => {
    expect(await selectOne(inject('postgresUrl'))).toMatchObject({ one: 1 });
  });
});
