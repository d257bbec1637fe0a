// docker-compose.temporal.yml describes the whole stack with the variables config/config.ts
// reads: the file parses, every variable set on a Bulwark service is in the schema and valid,
// each task queue has two worker replicas, and Prometheus scrapes every Bulwark process.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { authRequired, ConfigSchema, parseConfig } from '../config/config';
import { TASK_QUEUE_NAMES } from '../temporal/ids';

type Service = { image?: string; command?: string | string[]; environment?: Record<string, unknown>; deploy?: { replicas?: number }; ports?: string[] };
const compose = parse(readFileSync(new URL('../docker-compose.temporal.yml', import.meta.url), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const prometheus = parse(readFileSync(new URL('./prometheus/prometheus.yml', import.meta.url), 'utf8')) as {
  scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
};
const services = compose.services;
const command = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));
const bulwark = Object.entries(services).filter(([, s]) => /bin\/bulwark\.mjs /.test(command(s)));
const env = (s: Service) => Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));

describe('docker-compose.temporal.yml', () => {
  it('has the whole stack: Temporal + its Postgres + Web UI, Bulwark Postgres, MinIO, Kafka, API, workers, ingest, Prometheus', () => {
    for (const name of ['temporal', 'temporal-postgres', 'temporal-ui', 'bulwark-db', 'minio', 'kafka', 'bulwark-api', 'bulwark-ingest', 'prometheus']) {
      expect(services, name).toHaveProperty(name);
    }
    expect(command(services['bulwark-api'])).toMatch(/bulwark\.mjs api$/);
    expect(command(services['bulwark-ingest'])).toMatch(/bulwark\.mjs ingest$/);
  });

  it('every variable set on a Bulwark service is one the config schema reads, and parses', () => {
    const known = new Set(Object.keys(ConfigSchema.shape));
    expect(bulwark.length).toBeGreaterThanOrEqual(5);
    for (const [name, s] of bulwark) {
      const vars = env(s);
      expect(Object.keys(vars).filter((k) => !known.has(k)), name).toEqual([]);
      expect(() => parseConfig(vars), name).not.toThrow();
    }
  });

  it('the API listens beyond loopback, so it requires tokens', () => {
    const config = parseConfig(env(services['bulwark-api']));
    expect(config.HOST).toBe('0.0.0.0');
    expect(authRequired(config, true)).toBe(true);
  });

  it('each task queue has at least two worker replicas', () => {
    for (const queue of TASK_QUEUE_NAMES) {
      const replicas = bulwark
        .filter(([, s]) => / worker$/.test(command(s)) && parseConfig(env(s)).WORKER_TASK_QUEUES.includes(queue))
        .reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0);
      expect(replicas, queue).toBeGreaterThanOrEqual(2);
    }
  });

  it('Prometheus scrapes every Bulwark service on the port its config serves /metrics on', () => {
    const targets = new Map(prometheus.scrape_configs.flatMap((j) => j.dns_sd_configs.flatMap((d) => d.names.map((n) => [n, d.port] as const))));
    for (const [name, s] of bulwark) {
      const c = parseConfig(env(s));
      const kind = command(s).split(' ').at(-1);
      const port = kind === 'api' ? c.PORT : kind === 'ingest' ? c.INGEST_METRICS_PORT : c.METRICS_PORT;
      expect(targets.get(name), name).toBe(port);
    }
  });

  it('services without auth of their own are published on loopback only', () => {
    for (const name of ['temporal', 'temporal-ui', 'minio', 'prometheus']) {
      for (const p of services[name].ports ?? []) expect(p, name).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
