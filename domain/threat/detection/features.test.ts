import { describe, expect, it } from 'vitest';
import { FEATURE_GROUPS, FEATURE_NAMES, extractFeatureVector, extractFeatures } from './features';

describe('features', () => {
  it('has at least 35 uniquely named features across the four groups', () => {
    expect(FEATURE_NAMES.length).toBeGreaterThanOrEqual(35);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    for (const group of ['static', 'payload', 'behavioural', 'metadata'] as const) expect(FEATURE_GROUPS[group].length).toBeGreaterThan(0);
  });

  it('yields finite numbers with or without context', () => {
    expect([...extractFeatureVector('')].every(Number.isFinite)).toBe(true);
    const f = extractFeatures("1' OR '1'='1", {
      method: 'POST',
      path: '/login.php',
      query: { user: 'x' },
      headers: { 'User-Agent': 'sqlmap/1.7', Cookie: 'a=b' },
      geo: { country: 'DE' },
      clientIp: '10.1.2.3',
      tags: ['scanner'],
      timestamp: Date.UTC(2024, 0, 1, 3),
      session: { requestTimestamps: [0, 100, 300], paths: ['/a', '/a', '/b'], statusCodes: [200, 404, 500] },
    });
    expect(Object.values(f).every(Number.isFinite)).toBe(true);
    expect(f.method_is_post).toBe(1);
    expect(f.path_has_extension).toBe(1);
    expect(f.ua_is_tool).toBe(1);
    expect(f.has_cookie).toBe(1);
    expect(f.ip_is_private).toBe(1);
    expect(f.has_attack_tag).toBe(1);
    expect(f.hour_of_day_utc).toBe(3);
    expect(f.session_request_count).toBe(3);
    expect(f.inter_arrival_mean_ms).toBe(150);
    expect(f.error_status_ratio).toBeCloseTo(2 / 3);
    expect(f.detector_sql_tautology).toBe(1);
    expect(f.single_quote_count).toBe(4);
  });

  it('fires structural detectors on decoded payloads, not on prose', () => {
    expect(extractFeatures('%3Csvg%20onload%3Dalert(1)%3E').detector_html_event_handler).toBe(1);
    expect(extractFeatures('..%252f..%252fetc%252fpasswd').detector_path_dotdot).toBe(1);
    expect(extractFeatures('x; cat /etc/hosts').detector_shell_separator_command).toBe(1);
    const prose = extractFeatures('Please select an option and set an alert for the union meeting');
    const fired = Object.entries(prose).filter(([k, v]) => k.startsWith('detector_') && v !== 0);
    expect(fired).toEqual([]);
  });
});
