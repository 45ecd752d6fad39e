# Shared by the benchmarks that run a main class of the integration tests' test sources
# (benchmark-attacks.sh, benchmark-ranking.sh). Source it after common.sh; do not run it.

# bench_parse_flags FLAG... -- ARG...: reads the script's arguments ARG. Each FLAG takes a value and
# goes to the main class; --skip-build, --maven-repo DIR, --offline and --help are the script's own.
# Sets bench_args (for the main class), bench_mvn_args and bench_build.
bench_parse_flags() {
  local flags=" "
  while [ $# -gt 0 ] && [ "$1" != -- ]; do flags+="$1 "; shift; done
  [ $# -gt 0 ] && shift
  bench_args=()
  bench_mvn_args=(-B -ntp -q)
  bench_build=true
  while [ $# -gt 0 ]; do
    case "$1" in
      --skip-build) bench_build=false ;;
      --maven-repo) [ $# -ge 2 ] || die "--maven-repo needs a folder"; bench_mvn_args+=("-Dmaven.repo.local=$2"); shift ;;
      --offline) bench_mvn_args+=(-o) ;;
      -h|--help) usage_of "$0"; exit 0 ;;
      *)
        [[ "$1" == --* && "$flags" == *" $1 "* ]] || die "unknown flag: $1 (try --help)"
        [ $# -ge 2 ] || die "$1 needs a value"
        bench_args+=("$1" "$2"); shift ;;
    esac
    shift
  done
}

# bench_run LABEL CLASS: builds integration-tests and the modules it needs (unless --skip-build), then
# runs CLASS, a main class of its test sources, on their test class path with bench_args.
bench_run() {
  local label=$1 main_class=$2
  cd "$FEDLEDGER_ROOT"
  if $bench_build; then
    log "building the modules the benchmark runs (integration-tests and what it needs)"
    timed build mvn "${bench_mvn_args[@]}" -pl integration-tests -am install -DskipTests
  fi
  local classpath_file="$FEDLEDGER_ROOT/integration-tests/target/benchmark-classpath.txt"
  mvn "${bench_mvn_args[@]}" -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$classpath_file"
  [ -d integration-tests/target/test-classes ] || mvn "${bench_mvn_args[@]}" -pl integration-tests test-compile
  local classpath="integration-tests/target/test-classes:integration-tests/target/classes:$(cat "$classpath_file")"
  log "running the $label ${bench_args[*]:-(defaults)}"
  timed "$label" java -cp "$classpath" "$main_class" ${bench_args[@]+"${bench_args[@]}"}
}
