#!/usr/bin/env bash
# Prints the directory holding an Apache Kafka broker's jars (last line), resolving them from
# Maven Central when needed: $KAFKA_LIBS (a directory of jars), then <repo>/.tools/kafka/<version>/libs,
# else Maven (apt-installs it when missing and we are root) copies org.apache.kafka:kafka_2.13
# and its runtime dependencies there (one-time, well under a minute with a warm ~/.m2). Needs
# Java 17+ to run the broker.
#
#   bash ops/install-kafka.sh --start [DATA_DIR [PORT [CONTROLLER_PORT]]]
# then runs a single-node broker in KRaft mode (combined broker + controller) on 127.0.0.1:PORT
# (default .data/kafka, 9092, 9093): it writes DATA_DIR/server.properties, formats the storage
# once (kafka.tools.StorageTool, what `kafka-storage.sh format` runs) and execs kafka.Kafka in the
# foreground. The ingest tests start their broker this way (runtime/ingest/kafka-broker.ts).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${KAFKA_VERSION:-4.1.1}"
DEST="$ROOT/.tools/kafka/$VERSION/libs"
fail() {
  echo "install-kafka: $*" >&2
  exit 1
}

if ! command -v java >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "no java on PATH and we are not root to apt-get install it; install a Java 17+ runtime (openjdk-17-jre-headless)"
  echo "install-kafka: apt-get install openjdk-17-jre-headless" >&2
  (apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq openjdk-17-jre-headless) >&2 || fail "apt-get install openjdk-17-jre-headless failed"
fi

start_broker() { # libs-dir; the rest from the command line
  local libs="$1" data="${2:-$ROOT/.data/kafka}" port="${3:-9092}" cport="${4:-9093}"
  mkdir -p "$data"
  data="$(cd "$data" && pwd)"
  cat >"$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  local cp="$libs/*"
  if [ ! -f "$data/logs/meta.properties" ]; then
    local id
    id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid)"
    java -cp "$cp" kafka.tools.StorageTool format -t "$id" -c "$data/server.properties" >&2 || fail "formatting $data/logs failed"
  fi
  # Small heap and quick start-up: this broker serves a developer or a test run, not production.
  # shellcheck disable=SC2086
  exec java ${KAFKA_HEAP_OPTS:--Xms64m -Xmx512m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.level=WARN -cp "$cp" kafka.Kafka "$data/server.properties"
}

START=""
if [ "${1:-}" = "--start" ]; then START=1; shift; fi
if [ -n "${KAFKA_LIBS:-}" ]; then
  ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || fail "KAFKA_LIBS=$KAFKA_LIBS holds no kafka_2.13-*.jar"
  [ -n "$START" ] && start_broker "$KAFKA_LIBS" "$@"
  echo "$KAFKA_LIBS"; exit 0
fi
if [ -f "$DEST/.complete" ]; then
  [ -n "$START" ] && start_broker "$DEST" "$@"
  echo "$DEST"; exit 0
fi

if ! command -v mvn >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "Maven is missing and we are not root to apt-get install it; install maven, or set KAFKA_LIBS"
  echo "install-kafka: apt-get install maven" >&2
  (apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq maven) >&2 || fail "apt-get install maven failed"
fi

echo "install-kafka: resolving org.apache.kafka:kafka_2.13:$VERSION from Maven Central (one-time)" >&2
mkdir -p "$ROOT/.tools/kafka"
# Resolve into a private directory and rename into place: a concurrent run never sees half a set.
tmp="$(mktemp -d "$ROOT/.tools/kafka/.resolve.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bulwark</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$VERSION</version></dependency>
    <!-- the broker logs through slf4j 1.x; the distribution binds it to log4j2 -->
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
POM
(cd "$tmp" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp/libs") >&2 ||
  fail "mvn could not resolve org.apache.kafka:kafka_2.13:$VERSION (is Maven Central reachable?)"
ls "$tmp/libs"/kafka_2.13-*.jar >/dev/null 2>&1 || fail "resolution produced no kafka_2.13 jar"
touch "$tmp/libs/.complete"
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv "$tmp/libs" "$DEST"
[ -n "$START" ] && start_broker "$DEST" "$@"
echo "$DEST"
