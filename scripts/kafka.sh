#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker+controller) for tests, on 127.0.0.1.
# Usage: scripts/kafka.sh up [--fresh] [--sasl] | down | restart | status
#
# The data directory is kept between starts, so a broker restarts on its own topics, messages and
# committed offsets (chaos tests stop and start it on purpose). `up --fresh` or KAFKA_FRESH=1
# wipes it first.
#
# `up --sasl` or KAFKA_SASL=1 adds SASL_PLAINTEXT and SASL_SSL listeners (PLAIN, SCRAM-SHA-256,
# SCRAM-SHA-512) for testing Kafka security; the PLAINTEXT listener stays, for the broker itself
# and the readiness check. See scripts/kafka.md.
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
SASL="${KAFKA_SASL:-0}"
SASL_PORT="${KAFKA_SASL_PORT:-$((PORT + 2))}"
SASL_SSL_PORT="${KAFKA_SASL_SSL_PORT:-$((PORT + 3))}"
# The same names Plexus reads (lib/config.ts), so one set of variables serves broker and client.
# The default password is for a broker on 127.0.0.1 only.
SASL_USER="${KAFKA_SASL_USERNAME:-plexus}"
if [[ -z "${KAFKA_SASL_PASSWORD:-}" && -n "${KAFKA_SASL_PASSWORD_FILE:-}" ]]; then
  KAFKA_SASL_PASSWORD="$(<"$KAFKA_SASL_PASSWORD_FILE")"
fi
SASL_PASSWORD="${KAFKA_SASL_PASSWORD:-plexus-dev-password}"
TLS_DIR="$DATA_DIR/tls"

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
  local listeners="PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT"
  local advertised="PLAINTEXT://127.0.0.1:$ADVERTISED_PORT"
  local protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
  if [[ "$SASL" == 1 ]]; then
    listeners+=",SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SASL_SSL://127.0.0.1:$SASL_SSL_PORT"
    advertised+=",SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SASL_SSL://127.0.0.1:$SASL_SSL_PORT"
    protocols+=",SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL"
  fi
  # It may hold the PLAIN password: readable by its owner only.
  : >"$DATA_DIR/server.properties"
  chmod 600 "$DATA_DIR/server.properties"
  cat >"$DATA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=$listeners
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=$protocols
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
  if [[ "$SASL" == 1 ]]; then write_sasl_config; fi
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

# PLAIN users live in the JAAS line; SCRAM users in the cluster metadata (scram_users below).
write_sasl_config() {
  local keystore_password
  keystore_password="$(cat "$TLS_DIR/keystore.password")"
  cat >>"$DATA_DIR/server.properties" <<EOF
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
EOF
  local listener
  for listener in sasl_plaintext sasl_ssl; do
    cat >>"$DATA_DIR/server.properties" <<EOF
listener.name.$listener.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER="$SASL_PASSWORD";
listener.name.$listener.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.$listener.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
EOF
  done
  cat >>"$DATA_DIR/server.properties" <<EOF
listener.name.sasl_ssl.ssl.keystore.type=PKCS12
listener.name.sasl_ssl.ssl.keystore.location=$TLS_DIR/server.p12
listener.name.sasl_ssl.ssl.keystore.password=$keystore_password
listener.name.sasl_ssl.ssl.key.password=$keystore_password
EOF
}

check_sasl_settings() {
  # Both go into JAAS and SCRAM syntax unquoted-safe only when kept to these characters.
  [[ "$SASL_USER" =~ ^[A-Za-z0-9._-]+$ ]] ||
    { log "KAFKA_SASL_USERNAME may hold only letters, digits, '.', '_' and '-'"; exit 1; }
  [[ "$SASL_PASSWORD" =~ ^[A-Za-z0-9._~-]{8,}$ ]] ||
    { log "KAFKA_SASL_PASSWORD needs 8+ letters, digits, '.', '_', '~' or '-'"; exit 1; }
  if port_open "$SASL_PORT" || port_open "$SASL_SSL_PORT"; then
    log "port $SASL_PORT or $SASL_SSL_PORT (SASL listeners) is taken"
    exit 1
  fi
}

# A self-signed certificate for 127.0.0.1 and localhost, made once per data directory; clients
# trust it through tls/ca.pem (KAFKA_SSL_CA_FILE).
make_tls() {
  [[ -f "$TLS_DIR/ca.pem" ]] && return 0
  rm -rf "$TLS_DIR"
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  local password
  password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 \
    -dname "CN=localhost" -ext "SAN=ip:127.0.0.1,dns:localhost" \
    -keystore "$TLS_DIR/server.p12" -storetype PKCS12 \
    -storepass "$password" -keypass "$password" >/dev/null 2>&1 ||
    { log "keytool could not make a keystore in $TLS_DIR"; exit 1; }
  keytool -exportcert -rfc -alias broker -keystore "$TLS_DIR/server.p12" \
    -storepass "$password" -file "$TLS_DIR/ca.pem.tmp" >/dev/null 2>&1 ||
    { log "keytool could not export the certificate"; exit 1; }
  echo "$password" >"$TLS_DIR/keystore.password"
  mv "$TLS_DIR/ca.pem.tmp" "$TLS_DIR/ca.pem" # last: its presence means the rest is complete
}

scram_credentials() {
  echo "SCRAM-SHA-256=[name=$SASL_USER,password=$SASL_PASSWORD]"
  echo "SCRAM-SHA-512=[name=$SASL_USER,password=$SASL_PASSWORD]"
}

# Which SCRAM user and password the metadata holds, as a hash: kept data from a start with other
# credentials (or none) gets them set through the running broker instead.
scram_marker() { printf '%s:%s' "$SASL_USER" "$SASL_PASSWORD" | sha256sum | cut -c1-64; }

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
  if [[ "$SASL" == 1 ]]; then check_sasl_settings; fi
  fetch_jars

  local started=$SECONDS
  if [[ "$FRESH" == 1 ]]; then
    log "wiping $DATA_DIR (fresh broker)"
    rm -rf "$DATA_DIR"
  fi
  mkdir -p "$DATA_DIR"
  if [[ "$SASL" == 1 ]]; then make_tls; fi
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
    local scram=()
    if [[ "$SASL" == 1 ]]; then
      while read -r credential; do scram+=(--add-scram "$credential"); done < <(scram_credentials)
    fi
    java "${TOOL_JVM[@]}" kafka.tools.StorageTool format \
      "--cluster-id=$cluster_id" --config "$DATA_DIR/server.properties" "${scram[@]}" >/dev/null
    echo "$KAFKA_VERSION" >"$DATA_DIR/version"
    if [[ "$SASL" == 1 ]]; then scram_marker >"$DATA_DIR/scram-user"; fi
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
  if [[ "$SASL" == 1 && "$(cat "$DATA_DIR/scram-user" 2>/dev/null)" != "$(scram_marker)" ]]; then
    log "setting the SCRAM credentials of $SASL_USER (kept data had others or none)"
    # One mechanism per call: the broker refuses to alter a user twice in one request.
    local credential
    while read -r credential; do
      timeout "$START_TIMEOUT" java "${TOOL_JVM[@]}" org.apache.kafka.tools.ConfigCommand \
        --bootstrap-server "127.0.0.1:$PORT" --alter --entity-type users --entity-name "$SASL_USER" \
        --add-config "${credential/name=$SASL_USER,/}" >/dev/null ||
        fail_with_log "could not set the SCRAM credentials of $SASL_USER"
    done < <(scram_credentials)
    scram_marker >"$DATA_DIR/scram-user"
  fi
  if [[ "$SASL" == 1 ]]; then
    log "SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) for $SASL_USER on 127.0.0.1:$SASL_PORT, with TLS on :$SASL_SSL_PORT (CA $TLS_DIR/ca.pem)"
  fi
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

usage() { echo "usage: $0 up [--fresh] [--sasl] | down | restart | status" >&2; exit 2; }
command="${1:-}"
[[ $# -gt 0 ]] && shift
for arg in "$@"; do
  case "$arg" in
    --fresh) [[ "$command" == up ]] || usage; FRESH=1 ;;
    --sasl) [[ "$command" == up || "$command" == restart ]] || usage; SASL=1 ;;
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
