#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker+controller) for tests, on 127.0.0.1.
# Usage: scripts/kafka.sh up [--fresh] | down | restart | status
#
# The data directory is kept between starts, so a broker restarts on its own topics, messages and
# committed offsets (chaos tests stop and start it on purpose). `up --fresh` or KAFKA_FRESH=1
# wipes it first.
#
# Why jars from Maven Central: it is the only place this machine (and CI) can
# fetch Kafka from — no Docker, no tarball downloads. See scripts/kafka.md.
set -euo pipefail

# Pinned: the newest release verified with kafkajs 2.2.4 (scripts/kafka.md).
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
LOG4J_VERSION=2.25.5 # the log4j-core that kafka-server itself depends on
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
# The port clients are told to use; another than PORT puts a proxy (test/helpers/fault-proxy.ts) in between.
ADVERTISED_PORT="${KAFKA_ADVERTISED_PORT:-$PORT}"

# Outside the repo so jars survive fresh clones and never get committed.
CACHE_DIR="${PLEXUS_CACHE_DIR:-$HOME/.cache/plexus}"
HOME_DIR="$CACHE_DIR/kafka-$KAFKA_VERSION"
LIBS="$HOME_DIR/libs"
DATA_DIR="$CACHE_DIR/kafka-data-$PORT" # per port, so two brokers can coexist
PID_FILE="$DATA_DIR/kafka.pid"
LOG_FILE="$DATA_DIR/server.log"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
FRESH="${KAFKA_FRESH:-0}"

log() { echo "kafka.sh: $*" >&2; }

is_running() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  # Check the command line too: after a reboot the pid may belong to something else.
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch_jars() {
  [[ -f "$LIBS/.complete" ]] && return 0
  log "fetching Kafka $KAFKA_VERSION jars with mvn into $LIBS (one-off)"
  mkdir -p "$HOME_DIR"
  # A throwaway pom lets dependency:copy-dependencies resolve the broker's whole
  # runtime classpath. kafka-tools gives TopicCommand for the readiness check
  # (its Connect/Jetty baggage is excluded); log4j-slf4j-impl routes the
  # broker's slf4j 1.x logging into log4j2, hence into our log file.
  cat >"$HOME_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.plexus</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version>
      <exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion></exclusions></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  # Copy into a temp dir and rename, so an interrupted fetch is never mistaken for a cache hit.
  rm -rf "$LIBS.tmp"
  # mvn -q prints errors on stdout (and stray colour codes): keep it all in a file, show it on failure.
  if ! mvn -B -q -f "$HOME_DIR/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS.tmp" >"$HOME_DIR/mvn.log" 2>&1; then
    cat "$HOME_DIR/mvn.log" >&2
    log "mvn could not fetch Kafka $KAFKA_VERSION (is Maven Central reachable?)"
    exit 1
  fi
  touch "$LIBS.tmp/.complete"
  rm -rf "$LIBS"
  mv "$LIBS.tmp" "$LIBS"
}

write_config() {
  cat >"$DATA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$ADVERTISED_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR/logs
num.partitions=3
auto.create.topics.enable=true
# One broker: every internal topic must make do with a single replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Tests join groups constantly; the default 3 s delay would slow every one.
group.initial.rebalance.delay.ms=0
EOF
  cat >"$DATA_DIR/log4j2.properties" <<EOF
appender.file.type=File
appender.file.name=file
appender.file.fileName=$LOG_FILE
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
EOF
  # Command-line tools: errors only, to stderr.
  cat >"$DATA_DIR/tools-log4j2.properties" <<EOF
appender.err.type=Console
appender.err.name=err
appender.err.target=SYSTEM_ERR
appender.err.layout.type=PatternLayout
appender.err.layout.pattern=%p %m%n
rootLogger.level=ERROR
rootLogger.appenderRef.err.ref=err
EOF
}

# JVM flags for Kafka's short-lived command-line tools: C1 only and serial GC start faster.
TOOL_JVM=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  "-Dlog4j2.configurationFile=$DATA_DIR/tools-log4j2.properties" -cp "$LIBS/*")

fail_with_log() {
  log "$1; last lines of $LOG_FILE and $DATA_DIR/stdout.log:"
  tail -n 40 "$LOG_FILE" "$DATA_DIR/stdout.log" >&2 2>/dev/null || true
  down >/dev/null 2>&1 || true # never leave a half-started broker holding the ports
  exit 1
}

up() {
  if is_running; then
    if [[ "$FRESH" == 1 ]]; then
      # Wiping under a running broker would corrupt it; saying "up" and keeping the data would lie.
      log "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT: run down first for a fresh broker"
      exit 1
    fi
    log "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"
    return 0
  fi
  if port_open "$PORT" || port_open "$CONTROLLER_PORT"; then
    log "port $PORT or $CONTROLLER_PORT is taken by a process this script did not start"
    exit 1
  fi
  command -v java >/dev/null || { log "java not found (Kafka $KAFKA_VERSION needs Java 17+)"; exit 1; }
  fetch_jars

  local started=$SECONDS
  if [[ "$FRESH" == 1 ]]; then
    log "wiping $DATA_DIR (fresh broker)"
    rm -rf "$DATA_DIR"
  fi
  mkdir -p "$DATA_DIR"
  write_config
  # meta.properties is what StorageTool writes last: without it the log dir was never (fully)
  # formatted, and whatever a half-done format left there is worth nothing.
  if [[ -f "$DATA_DIR/logs/meta.properties" ]]; then
    local formatted_by
    formatted_by="$(cat "$DATA_DIR/version" 2>/dev/null || echo unknown)"
    [[ "$formatted_by" == "$KAFKA_VERSION" ]] ||
      log "data in $DATA_DIR is from Kafka $formatted_by; if $KAFKA_VERSION cannot read it, use up --fresh"
    log "keeping the data in $DATA_DIR/logs (up --fresh wipes it)"
  else
    rm -rf "$DATA_DIR/logs"
    # Any 16 random bytes in url-safe base64 make a valid cluster id, which saves a JVM start.
    local cluster_id
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)"
    java "${TOOL_JVM[@]}" kafka.tools.StorageTool format \
      "--cluster-id=$cluster_id" --config "$DATA_DIR/server.properties" >/dev/null
    echo "$KAFKA_VERSION" >"$DATA_DIR/version"
  fi

  # setsid + no inherited stdio: the broker must outlive the caller (npm, vitest)
  # and must not hold its stdout pipe open, or execSync-style callers would hang.
  # It must not inherit the lock on fd 9 either, or the next up/down would block.
  setsid nohup java -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$DATA_DIR/log4j2.properties" \
    -cp "$LIBS/*" kafka.Kafka "$DATA_DIR/server.properties" \
    </dev/null >"$DATA_DIR/stdout.log" 2>&1 9>&- &
  echo $! >"$PID_FILE"

  until port_open "$PORT"; do
    # kill -0 only: right after the fork /proc/PID/cmdline may not show java yet.
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || fail_with_log "broker exited during startup"
    ((SECONDS - started < START_TIMEOUT)) || fail_with_log "port $PORT not open after ${START_TIMEOUT}s"
    sleep 0.5
  done
  # An open port is not enough: the broker must answer metadata requests.
  local left=$((START_TIMEOUT - (SECONDS - started)))
  ((left > 5)) || left=5
  # (TopicCommand's admin client retries by itself until the broker is ready.)
  timeout "$left" java "${TOOL_JVM[@]}" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "127.0.0.1:$PORT" --list >/dev/null ||
    fail_with_log "broker does not serve metadata on 127.0.0.1:$PORT"
  log "Kafka $KAFKA_VERSION up on 127.0.0.1:$PORT in $((SECONDS - started))s (pid $(cat "$PID_FILE"), log $LOG_FILE)"
}

down() {
  if ! is_running; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  local pid
  pid="$(cat "$PID_FILE")"
  kill -TERM "$pid"
  # Controlled shutdown usually takes a few seconds; give it 30 before forcing.
  for _ in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "no clean exit after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

mkdir -p "$CACHE_DIR"
# Serialise concurrent callers (e.g. two test runs starting at once).
exec 9>"$CACHE_DIR/kafka-$PORT.lock"
flock 9

usage() { echo "usage: $0 up [--fresh] | down | restart | status" >&2; exit 2; }
command="${1:-}"
[[ $# -gt 0 ]] && shift
for arg in "$@"; do
  case "$arg" in
    --fresh) [[ "$command" == up ]] || usage; FRESH=1 ;;
    *) usage ;;
  esac
done

case "$command" in
  up) up ;;
  down) down ;;
  # The same data, topics and committed offsets after as before: what a broker crash-restart is.
  restart) down && up ;;
  status) if is_running; then echo "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; else echo "not running"; exit 1; fi ;;
  *) usage ;;
esac
