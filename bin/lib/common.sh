# Shared by bin/mcp-hub, bin/test and bin/bench: find the project, a JDK 21+ and Maven.
# Sourced, not run. Everything it prints goes to stderr so that stdout stays the hub's own.

# The project root, found through any chain of symlinks (editor plugins run `mcp-hub` from PATH).
mcphub_root() {
  local self="${BASH_SOURCE[1]}"
  self="$(readlink -f "$self")"
  cd "$(dirname "$self")/.." && pwd
}

# Prints the major version of the JDK in $1, or nothing. Reads its `release` file (starting a JVM per
# candidate would cost a tenth of a second each, on every start of the hub); asks java only without one.
mcphub_java_major() {
  local out=""
  if [ -f "$1/release" ]; then
    out="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$1/release" | head -n 1)"
  fi
  if [ -z "$out" ]; then
    out="$("$1/bin/java" -version 2>&1 | head -n 1)" || return 0
  fi
  # openjdk version "25.0.1" ...  |  openjdk version "1.8.0_392"
  out="${out#*\"}"; out="${out%%\"*}"
  case "$out" in 1.*) out="${out#1.}" ;; esac
  echo "${out%%[.+-]*}"
}

# Sets JAVA_HOME to a JDK 21 or newer: $JAVA_HOME if it qualifies, else Temurin 25, else the newest under
# /usr/lib/jvm, else the java on PATH. Exits with a clear message when there is none.
mcphub_pick_java() {
  local candidates=() c major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*; do [ -x "$c/bin/java" ] && candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    major="$(mcphub_java_major "$c")"
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] 2>/dev/null; then
      # An explicit JAVA_HOME that qualifies wins; otherwise the first Temurin 25, then the newest.
      if [ "$c" = "${JAVA_HOME:-}" ] || [ -z "$best" ] || { [ "$major" -gt "$best_major" ] && [[ "$best" != *temurin-25* ]]; }; then
        best="$c"; best_major="$major"
        [ "$c" = "${JAVA_HOME:-}" ] && break
      fi
    fi
  done
  if [ -z "$best" ]; then
    echo "mcp-hub: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/* and the java on PATH)." >&2
    echo "mcp-hub: install one (for example Temurin 25) or point JAVA_HOME at it." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

mcphub_need_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "mcp-hub: Maven (mvn) is needed to build the hub and was not found on PATH." >&2
    exit 1
  fi
}

# The runnable jar, built when it is missing or older than any source file.
mcphub_jar() {
  echo "$1/target/mcp-hub.jar"
}

mcphub_build_if_stale() {
  local root="$1" jar
  jar="$(mcphub_jar "$root")"
  if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    mcphub_need_maven
    echo "mcp-hub: building $jar ..." >&2
    if ! (cd "$root" && mvn -q -B -DskipTests package 1>&2); then
      echo "mcp-hub: the build failed (see the Maven output above)." >&2
      exit 1
    fi
  fi
  # The class-data archive and the AOT caches describe one build of the jar, and the JVM neither uses nor replaces one
  # whose jar changed: drop them whenever the jar is newer (whoever rebuilt it, also a plain mvn), and the next run
  # writes them anew.
  local f
  for f in "$root/target/mcp-hub.jsa" "$root"/target/mcp-hub-*.aot "$root"/target/mcp-hub-*.aot.*; do
    if [ -e "$f" ] && [ "$f" -ot "$jar" ]; then
      rm -f "$f"
    fi
  done
}

# Sets MCPHUB_CLASS_DATA to the JVM flags that start the hub from what an earlier run of this jar left behind.
#   JDK 25+: the ahead-of-time cache (JEP 483/514/515): classes loaded and linked, and the method profiles of a real
#   run, so a fresh process runs its first calls like a warmed one. A run with no cache trains one: at its exit the JVM
#   writes it (-XX:AOTCacheOutput, one step) to a file named after that process; the next start checks that it loads
#   (a run killed while writing leaves a broken one) and makes it the cache. The cache is named after the JDK's
#   version, so another JDK trains its own instead of failing to map this one.
#   The profiles cost start-up CPU (the JIT compiles what they name as soon as it runs) and about 4 MB, and were
#   kept by measurement: without them (-XX:-AOTRecordTraining) four fresh hubs did their first 12,800 calls at K=64
#   at 3,030-3,070 calls/s with a p99 of 81-113 ms, with them at 3,350-3,730 calls/s and 47-62 ms, and started as
#   fast within noise (a cache trained on calls, as a user's first session trains it; two cores, interleaved).
#   JDK 21-24: the dynamic class-data archive (-XX:+AutoCreateSharedArchive), written at the first run's exit.
# A --help or --version run loads a few classes only and would leave a thin cache behind, and a --stdio bridge or a
# `keys` command runs other code than the hub: they only read one. The JVM's own notices about classes it skips while
# writing are not for users, and its report of writing the cache goes to stderr (stdout may be a client's protocol).
# Usage: mcphub_class_data ROOT JAR PID ARGS... (PID: the process that will run the hub, $$ before an exec).
mcphub_class_data() {
  local root="$1" jar="$2" pid="$3" writes=1 arg major version
  shift 3
  for arg in "$@"; do
    case "$arg" in -h | --help | -V | --version | --stdio | keys) writes=0 ;; esac
  done
  MCPHUB_CLASS_DATA=('-Xlog:cds*=off,aot*=off')
  major="$(mcphub_java_major "$JAVA_HOME")"
  if [ "${major:-0}" -lt 25 ] 2>/dev/null; then
    MCPHUB_CLASS_DATA+=(-XX:SharedArchiveFile="$root/target/mcp-hub.jsa")
    [ "$writes" = 1 ] && MCPHUB_CLASS_DATA+=(-XX:+AutoCreateSharedArchive)
    return 0
  fi
  version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JAVA_HOME/release" 2>/dev/null | head -n 1)"
  local cache="$root/target/mcp-hub-${version:-$major}.aot"
  [ -s "$cache" ] || mcphub_adopt_aot_cache "$cache" "$jar"
  if [ -s "$cache" ]; then
    MCPHUB_CLASS_DATA+=(-XX:AOTCache="$cache")
  elif [ "$writes" = 1 ] && [ -d "$root/target" ]; then
    MCPHUB_CLASS_DATA+=(-XX:AOTCacheOutput="$cache.$pid.training" -XX:+DisplayVMOutputToStderr)
  fi
}

# Sets MCPHUB_MEMORY to the hub's collector and memory flags, chosen by measurement (bench A/B on a fresh hub with
# three stdio servers: idle RSS after ready, RSS after 13,000 calls, hub CPU per call at K=64):
#   - the serial collector: what lives long is small (the catalogue, sessions), so copying the young generation is
#     quick, and it has the least overhead. Hub CPU per call at K=64 (one round each on a busy machine): serial
#     0.18 ms, parallel 0.25, G1 0.34 (and about 100 MB more under load), ZGC 0.51 (and 500 MB).
#   - a young generation of 16 MB (was capped at 64 MB): eden is touched whole as soon as the hub has allocated
#     that much, so it is resident even when idle; 16 MB took the idle RSS from about 150 to 110 MB and the RSS
#     under load from about 210 to 150 MB, at no more CPU per call (young collections cost what survives, little).
#   - the C heap trimmed every second (JDK 22+; a JDK 21 does not know the flag): the JIT compilers' arenas, tens
#     of MB during start-up and warm-up, are otherwise kept by malloc; trimming returns about 30 MB when idle.
#   - at most two malloc arenas (unless MALLOC_ARENA_MAX is set): glibc gives each thread that mallocs (compiler,
#     GC, NIO) an arena of its own, up to 8 per core, each holding its own free pages. Idle RSS 15 s after ready with
#     three stdio servers: 109-112 MB with glibc's default (three fresh hubs), 97.5 MB with two arenas (two). The JVM allocates
#     Java objects in its heap, not through malloc, so the calls do not contend for the two arenas.
mcphub_memory_flags() {
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  MCPHUB_MEMORY=(-XX:+UseSerialGC -Xmn16m)
  if [ "$(mcphub_java_major "$JAVA_HOME")" -ge 22 ] 2>/dev/null; then
    MCPHUB_MEMORY+=(-XX:TrimNativeHeapInterval=1000)
  fi
}

# Makes the cache of a finished training run (its process gone) the cache, when the JVM loads it with
# -XX:AOTMode=on (which fails on a cache that is truncated, of another jar or of another JDK); drops the rest.
mcphub_adopt_aot_cache() {
  local cache="$1" jar="$2" f pid
  for f in "$cache".*.training; do
    [ -e "$f" ] || continue
    pid="${f%.training}"; pid="${pid##*.}"
    if kill -0 "$pid" 2>/dev/null; then
      continue # still training, or writing its cache at exit
    fi
    if [ ! -s "$cache" ] && [ -s "$f" ] \
      && "$JAVA_HOME/bin/java" -XX:AOTMode=on -XX:AOTCache="$f" '-Xlog:cds*=off,aot*=off' -XX:+UseSerialGC \
        -jar "$jar" --version >/dev/null 2>&1; then
      mv -f "$f" "$cache"
    fi
    rm -f "$f" "$f.config"
  done
}

# The dashboard's browser tests drive Debian's chromium through its chromedriver. Installed with apt-get when
# missing (CI runs as root on a fresh Debian); elsewhere the tests say what to install.
mcphub_need_chromium() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    return 0
  fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "bin/test: installing chromium and chromium-driver for the dashboard's browser tests" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver >&2 \
      || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver >&2; }
  else
    echo "bin/test: chromium and chromedriver are needed for the dashboard tests (Debian: apt-get install chromium chromium-driver)" >&2
  fi
}
