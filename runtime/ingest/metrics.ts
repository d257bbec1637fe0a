// The ingest process's metrics, in the process registry (served on its /metrics). Consumer lag
// is read from the broker on each scrape: per partition, the log-end offset minus the group's
// committed offset, i.e. events not yet acknowledged by Temporal and committed.
import type { Admin } from 'kafkajs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { log } from '../log';
import { processRegistry } from '../metrics';

function getOrCreate<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function ingestMetrics(registry: Registry = processRegistry()) {
  const registers = [registry];
  return {
    /** Events by outcome: `ingested` (analyses started or found), `dead_lettered`, `retried` (a transient failure; the batch is redelivered). */
    events: getOrCreate(registry, 'bulwark_ingest_events_total', () =>
      new Counter({ name: 'bulwark_ingest_events_total', help: 'Kafka evidence events by outcome', labelNames: ['outcome'], registers }),
    ),
    deadLetters: getOrCreate(registry, 'bulwark_ingest_dead_letters_total', () =>
      new Counter({ name: 'bulwark_ingest_dead_letters_total', help: 'Events sent to the dead-letter topic, by reason', labelNames: ['reason'], registers }),
    ),
    /** Evidence ids whose analysis Temporal acknowledged, `created` true for new evidence, false for a duplicate. */
    analyses: getOrCreate(registry, 'bulwark_ingest_analyses_total', () =>
      new Counter({ name: 'bulwark_ingest_analyses_total', help: 'Analyses started (or found running) for ingested evidence', labelNames: ['created'], registers }),
    ),
    entryErrors: getOrCreate(registry, 'bulwark_ingest_entry_errors_total', () =>
      new Counter({ name: 'bulwark_ingest_entry_errors_total', help: 'Capture-file entries that could not be read (the rest of the file was ingested)', labelNames: ['format'], registers }),
    ),
    /** Seconds from receiving an event to Temporal's acknowledgement of its last analysis start. */
    duration: getOrCreate(registry, 'bulwark_ingest_event_duration_seconds', () =>
      new Histogram({ name: 'bulwark_ingest_event_duration_seconds', help: 'Event to acknowledged analysis start', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
    ),
  };
}
export type IngestMetrics = ReturnType<typeof ingestMetrics>;

/**
 * Registers `bulwark_ingest_consumer_lag{topic,partition}`, computed on scrape through `admin`
 * (which must stay connected). A broker that does not answer within 2 s leaves the gauge empty.
 */
export function registerConsumerLag(admin: Admin, groupId: string, topic: string, registry: Registry = processRegistry()): void {
  if (registry.getSingleMetric('bulwark_ingest_consumer_lag')) registry.removeSingleMetric('bulwark_ingest_consumer_lag');
  new Gauge({
    name: 'bulwark_ingest_consumer_lag',
    help: 'Events in the topic not yet committed by the ingest consumer group (log-end offset minus committed offset)',
    labelNames: ['topic', 'partition'],
    registers: [registry],
    async collect() {
      this.reset();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref());
      try {
        const [ends, committed] = await Promise.race([Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]), timeout]);
        const done = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
        for (const p of ends) {
          const end = Number(p.high);
          // No commit yet (-1): the group starts from the earliest retained offset.
          const at = done.get(p.partition) ?? -1;
          this.set({ topic, partition: String(p.partition) }, Math.max(0, end - (at < 0 ? Number(p.low) : at)));
        }
      } catch (err) {
        // Unknown lag is no lag reading, not a failed scrape.
        log('debug', 'consumer lag unavailable', { error: err instanceof Error ? err.message : String(err) });
      }
    },
  });
}
