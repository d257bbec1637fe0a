// A single-node Apache Kafka broker (KRaft, broker + controller in one JVM) on loopback,
// started through `ops/install-kafka.sh --start` so tests, CI and a developer's demo run the
// same script. For tests and local demos; production points KAFKA_BROKERS at its cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePorts, spawnOwned } from '../process';
import { REPO_ROOT } from '../tools';

export interface KafkaBroker {
  /** `127.0.0.1:<port>`, for KAFKA_BROKERS. */
  brokers: string;
  /** SIGTERM (a clean controlled shutdown), SIGKILL after 20 s; removes a temporary data dir. */
  stop(): Promise<void>;
}

export interface KafkaBrokerOptions {
  /** KAFKA_LIBS for the script (the directory ops/install-kafka.sh printed); else the script resolves it. */
  libsDir?: string;
  /** Kept between runs when given; a temporary directory (removed on stop) otherwise. */
  dataDir?: string;
  /** Milliseconds to wait for the broker to answer metadata requests. Default 120 s (a JVM on a loaded machine). */
  readyTimeoutMs?: number;
}

/** Starts the broker and resolves once a client can list its topics; throws with the broker's last output. */
export async function startKafkaBroker(opts: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const temp = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'bulwark-kafka-'));
  const dataDir = opts.dataDir ?? temp!;
  const [port, controllerPort] = await freePorts(2);
  const env = { ...process.env, ...(opts.libsDir ? { KAFKA_LIBS: opts.libsDir } : {}) };
  const child = spawnOwned('bash', [join(REPO_ROOT, 'ops', 'install-kafka.sh'), '--start', dataDir, String(port), String(controllerPort)], { env });
  const brokers = `127.0.0.1:${port}`;
  const stop = async () => {
    await child.stop('SIGTERM', 20_000);
    if (temp) rmSync(temp, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 2000 }).admin();
  for (;;) {
    if (child.child.exitCode !== null || child.child.signalCode !== null) {
      await stop();
      throw new Error(`the Kafka broker exited before it was ready:\n${child.tail()}`);
    }
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      return { brokers, stop };
    } catch {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Kafka broker on ${brokers} was not ready within ${opts.readyTimeoutMs ?? 120_000} ms:\n${child.tail()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
