/** CI=true (or any value but '', 0, false): a missing test component is a failure, not a skip. */
export function isCi(env: Record<string, string | undefined> = process.env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}
