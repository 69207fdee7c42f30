#!/usr/bin/env bash
# Builds the benchmarks jar and runs every benchmark workload (B1-B7, B9-B12, B15, B16 under JMH, then
# B7's peak heap and B8 idle memory, a child JVM per comparator) for every comparator: C1 otp4j, C2 plain
# virtual threads, C3 Pekko typed, C4 Pekko typed on its virtual-thread executor, C5 a single-threaded
# event loop. Writes benchmarks/target/results.md (summary, a table per workload, ratios against C2/C3/C5,
# allocation per operation, machine, JDK, carrier parallelism) and benchmarks/target/jmh-result.json.
# Every benchmark checks its own result; a wrong or failed run ends the script with a non-zero status.
#
#   benchmarks/run-quick.sh            # quick profile, reduced sizes, about 13 minutes on 2 cores
#   benchmarks/run-quick.sh --smoke    # one tiny iteration of everything, about 3 minutes; no figures (CI)
#   benchmarks/run-quick.sh --full     # BENCHMARKS.md sizes, 3 forks, longer iterations (bigger machines)
#   benchmarks/run-quick.sh --no-build # reuse benchmarks/target/benchmarks.jar
#   benchmarks/run-quick.sh --only B1,B4  # only these workloads (B8: idle memory; B7 includes its peak heap)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

profile=quick
build=1
only=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  arg="${args[$i]}"
  if [[ "$arg" == --only ]]; then
    i=$((i + 1))
    arg="--only=${args[$i]:-}"
  fi
  case "$arg" in
    --smoke) profile=smoke ;;
    --quick) profile=quick ;;
    --full) profile=full ;;
    --no-build) build=0 ;;
    --only=*) only="${arg#--only=}" ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
  --out "$here/target/results.md" \
  ${only:+--only "$only"}
