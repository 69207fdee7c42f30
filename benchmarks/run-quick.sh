#!/usr/bin/env bash
# Builds the benchmarks jar and runs the quick profile of B1 (PingPong), B3 (Fork-join create), B9
# (GenServer call), B10 (state machines with timeouts) and
# B8 (Idle memory) for otp4j, plain virtual threads and Pekko typed; writes benchmarks/target/results.md
# (markdown tables, ratios, machine) and benchmarks/target/jmh-result.json (JMH's raw results).
#
#   benchmarks/run-quick.sh            # quick profile, about 13 minutes on 2 cores
#   benchmarks/run-quick.sh --smoke    # one short iteration of everything, about 3 minutes; no figures
#   benchmarks/run-quick.sh --full     # 3 forks, longer iterations, 100k and 1M idle processes
#   benchmarks/run-quick.sh --no-build # reuse benchmarks/target/benchmarks.jar
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

profile=quick
build=1
for arg in "$@"; do
  case "$arg" in
    --smoke) profile=smoke ;;
    --quick) profile=quick ;;
    --full) profile=full ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1 || echo 0
}

jdk=""
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 25 )); then
  jdk="$JAVA_HOME"
else
  for candidate in /usr/lib/jvm/*25*; do
    if [[ -x "$candidate/bin/java" ]] && (( $(java_major "$candidate/bin/java") >= 25 )); then
      jdk="$candidate"
      break
    fi
  done
fi
if [[ -z "$jdk" ]]; then
  echo "run-quick.sh needs JDK 25 or newer: set JAVA_HOME, or install one under /usr/lib/jvm" >&2
  exit 1
fi
export JAVA_HOME="$jdk"
echo "Using JDK at $JAVA_HOME"

jar="$here/target/benchmarks.jar"
if (( build )); then
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true)
fi
if [[ ! -f "$jar" ]]; then
  echo "no $jar: run without --no-build" >&2
  exit 1
fi

cd "$root"
"$JAVA_HOME/bin/java" -cp "$jar" org.otp4j.benchmarks.QuickProfile \
  --profile "$profile" \
  --json "$here/target/jmh-result.json" \
  --out "$here/target/results.md"
