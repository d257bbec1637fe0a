// The external components some suites need beyond Temporal and Postgres (which every run
// needs, so global setup fails without them). test/global-setup.ts obtains each one through
// its ops/ installer and provides the result; suites declare theirs with requires().

export type ComponentName = 'modsec' | 'opa' | 'minio' | 'kafka' | 'sharedData' | 'schemathesis' | 'psql' | 'chromium';

/** A usable component (a binary or a directory), or why there is none and the command that fixes it. */
export type Availability = { available: true; path: string } | { available: false; reason: string; fix: string };

export type Components = Record<ComponentName, Availability>;

export const COMPONENT_LABELS: Record<ComponentName, string> = {
  modsec: 'libmodsecurity harness',
  opa: 'OPA CLI',
  minio: 'MinIO server',
  kafka: 'Apache Kafka broker (jars + Java 17)',
  sharedData: 'shared data (../shared/data/payloads)',
  schemathesis: 'schemathesis CLI',
  psql: 'psql client',
  chromium: 'Chromium (headless browser)',
};

export const COMPONENT_FIXES: Record<ComponentName, string> = {
  modsec: 'bash ops/install-modsecurity.sh (as root: apt-installs libmodsecurity3, builds the harness), or set MODSEC_HARNESS',
  opa: 'bash ops/install-opa.sh (builds OPA with Go), or set OPA_PATH',
  minio: 'bash ops/install-minio.sh (builds MinIO with Go, several minutes once), or set MINIO_PATH',
  kafka: 'bash ops/install-kafka.sh (resolves the Kafka jars from Maven Central with Maven, apt-installing it as root; needs Java 17+), or set KAFKA_LIBS',
  schemathesis: 'bash ops/install-schemathesis.sh (pip from PyPI into .tools/venv-schemathesis), or set SCHEMATHESIS_PATH',
  psql: 'bash ops/install-psql.sh (as root: apt-installs postgresql-client), or set PSQL_PATH',
  chromium: 'bash ops/install-chromium.sh (as root: apt-installs the Debian chromium package), or set CHROMIUM_PATH',
  sharedData: 'place the shared data beside the repository so that ../shared/data/payloads exists (it holds the public attack lists)',
};
