// The pipeline's dependencies over the real services: Bulwark's database and object store
// (where the evidence copy and its row live, as for the API), Temporal (the analysis start), and
// S3/MinIO (the referenced objects). Also the Kafka client and the topic bootstrap.
import type { Client } from '@temporalio/client';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Db } from '../../db/client';
import type { ObjectStore } from '../../objects/store';
import { batchedEvidenceStore } from '../../repo/threat/evidence-intake-batch';
import { startThreatAnalysis, type QueueOverrides } from '../../temporal/workflows';
import { log } from '../log';
import type { PipelineDeps } from './pipeline';
import type { FetchObject } from './s3-source';

/** `submittedBy`: recorded on each evidence row it stores (repo/threat/evidence-intake.ts EvidenceSubmitter). */
export function pipelineDeps(opts: {
  db: Db;
  objects: ObjectStore;
  temporal: Client;
  fetchObject: FetchObject;
  submittedBy: string;
  reviewTimeout?: string;
  queues?: QueueOverrides;
}): PipelineDeps {
  return {
    fetchObject: opts.fetchObject,
    // The events in flight look their ids up and insert their rows together (one statement each per batch).
    store: batchedEvidenceStore(opts.db, opts.objects, opts.submittedBy),
    start: async (id) => {
      await startThreatAnalysis(opts.temporal, id, { reviewTimeout: opts.reviewTimeout, queues: opts.queues });
    },
  };
}

/** A kafkajs client whose log lines go through Bulwark's JSON logger (warn and above). */
export function kafkaClient(brokers: string[], clientId: string): Kafka {
  const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' };
  return new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log: entry }) => log(levels[level] ?? 'info', `kafka: ${entry.message}`, { logger: 'kafkajs' }),
  });
}

/** Creates the topics when missing (a no-op when they exist; a managed cluster may have created them with its own settings). */
export async function ensureTopics(admin: Admin, topics: { topic: string; numPartitions?: number }[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length) await admin.createTopics({ topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 4 })), waitForLeaders: true });
}
