# Shared by the benchmarks that run a main class of the integration tests' test sources
# (benchmark-attacks.sh, benchmark-ranking.sh, benchmark-stragglers.sh, benchmark-flower.sh).
# Source it after common.sh; do not run it.

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

# bench_flag FLAG DEFAULT: the value given for FLAG in bench_args, else DEFAULT (for a script that reads
# its own flags from bench_parse_flags instead of handing them to a main class).
bench_flag() {
  local i
  for ((i = 0; i < ${#bench_args[@]}; i += 2)); do
    [ "${bench_args[i]}" = "$1" ] && { printf '%s\n' "${bench_args[i + 1]}"; return; }
  done
  printf '%s\n' "$2"
}

# bench_build: builds integration-tests and the modules it needs, cli/target/fedledger.jar among them
# (unless --skip-build), and sets bench_classpath to its test class path.
bench_build() {
  cd "$FEDLEDGER_ROOT"
  if $bench_build; then
    log "building the modules the benchmark runs (integration-tests and what it needs)"
    timed build mvn "${bench_mvn_args[@]}" -pl integration-tests -am install -DskipTests
  fi
  local classpath_file="$FEDLEDGER_ROOT/integration-tests/target/benchmark-classpath.txt"
  mvn "${bench_mvn_args[@]}" -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$classpath_file"
  [ -d integration-tests/target/test-classes ] || mvn "${bench_mvn_args[@]}" -pl integration-tests test-compile
  bench_classpath="integration-tests/target/test-classes:integration-tests/target/classes:$(cat "$classpath_file")"
}

# bench_run LABEL CLASS: bench_build, then runs CLASS, a main class of the integration tests' test
# sources, on their test class path with bench_args.
bench_run() {
  local label=$1 main_class=$2
  bench_build
  log "running the $label ${bench_args[*]:-(defaults)}"
  timed "$label" java -cp "$bench_classpath" "$main_class" ${bench_args[@]+"${bench_args[@]}"}
}
