#!/usr/bin/env bash
# make testacc-matrix: runs the acceptance suite (every test, TF_ACC=1, as `make test` does) on each engine
# of MATRIX_ENGINES in turn (default: terraform-1.14 tofu-1.12 tofu-1.10; any TF_ENGINE value of
# scripts/tf-engine.sh works), building an engine first if it is not in the user cache folder, and prints one table row per
# engine: its version, the test results counted from `go test -json` (tests and subtests; one that never
# ended because its test binary exited counts as failed), and the wall time. It exits non-zero when an engine fails to build, a test fails, or `go test` itself fails (a
# package that does not build, a timeout), and keeps each engine's `go test -json` output for reading.
#   MATRIX_ENGINES   engines to run, space separated
#   TEST_TIMEOUT     go test -timeout per engine (default 20m)
#   TESTARGS         more go test arguments, e.g. TESTARGS='-run TestAccMailDiver'
set -euo pipefail
# The Go that go.mod's toolchain line names; the go command fetches it from the Go module proxy once.
# GNUmakefile exports the same for make; this line is for running the script on its own.
export GOTOOLCHAIN=go1.27.3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
engines=${MATRIX_ENGINES:-terraform-1.14 tofu-1.12 tofu-1.10}
timeout=${TEST_TIMEOUT:-20m}
logs=$(mktemp -d)
echo "testacc-matrix: engines: $engines; go test -json output in $logs"

# count ACTION FILE: how many tests and subtests ended with ACTION ("pass", "fail", "skip") in FILE. A
# test2json event line starts {"Time":...,"Action":...,"Package":...,"Test":...; package-level events
# have no "Test".
count() { grep -c "^{\"Time\":\"[^\"]*\",\"Action\":\"$1\",\"Package\":\"[^\"]*\",\"Test\":" "$2" || true; }

# unfinished FILE: tests and subtests that started in FILE but never ended: their test binary exited
# under them (log.Fatal, os.Exit, a timeout), which go test -json shows only as output. They count as
# failed.
unfinished() {
	comm -23 \
		<(sed -n 's/^{"Time":"[^"]*","Action":"run","Package":"\([^"]*\)","Test":"\([^"]*\)".*/\1 \2/p' "$1" | sort -u) \
		<(sed -n 's/^{"Time":"[^"]*","Action":"\(pass\|fail\|skip\)","Package":"\([^"]*\)","Test":"\([^"]*\)".*/\2 \3/p' "$1" | sort -u)
}

# A TF_CLI_CONFIG_FILE naming a missing file means an empty CLI configuration plus a warning, which
# OpenTofu 1.12 prints on stdout, where terraform-plugin-testing parses `tofu version -json`: every
# acceptance test would stop there. /dev/null is the same empty configuration without the warning.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then
	echo "testacc-matrix: TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE does not exist; using /dev/null (the same empty configuration, without the engines' warning)"
	export TF_CLI_CONFIG_FILE=/dev/null
fi

# engine_tests TIMEOUT OUT STDERR: the acceptance suite as go test -json into OUT (stderr into STDERR),
# printing one line per package as it finishes; returns go test's exit code. Exported, so that
# progress_shown (scripts/progress.sh) can run it in its own process group.
# shellcheck disable=SC2317 # run through bash -c by progress_shown
engine_tests() {
	# shellcheck disable=SC2086 # TESTARGS is a list of arguments
	go test -json -count=1 -timeout "$1" ./... ${TESTARGS:-} 2>"$3" | tee "$2" |
		sed -un 's/^{"Time":"[^"]*","Action":"\(pass\|fail\)","Package":"\([^"]*\)","Elapsed":\([0-9.]*\)}$/  \1 \2 (\3s)/p'
	return "${PIPESTATUS[0]}"
}
export -f engine_tests
# progress_shown: a line after every 30 s without output.
# shellcheck source=scripts/progress.sh
. scripts/progress.sh

rows=()
failed_any=0
for name in $engines; do
	echo
	echo "==> $name"
	start=$SECONDS
	if ! engine=$(TF_ENGINE=$name scripts/tf-engine.sh); then
		rows+=("$name|-|-|-|-|$((SECONDS - start))s|engine did not build or run")
		failed_any=1
		continue
	fi
	version=$(TF_CLI_CONFIG_FILE=/dev/null "$engine" version 2>/dev/null | sed -n 1p)
	host=$(scripts/tf-provider-host.sh "$engine")
	out="$logs/$name.json"
	start=$SECONDS
	# One line per package as it finishes, and a progress line after 30 s without one.
	set +e
	progress_shown "testacc-matrix: $name: go test" \
		env TF_ACC=1 TF_ACC_TERRAFORM_PATH="$engine" TF_ACC_PROVIDER_HOST="$host" \
		bash -c 'engine_tests "$@"' engine_tests "$timeout" "$out" "$logs/$name.stderr"
	code=$?
	set -e
	elapsed=$((SECONDS - start))
	passed=$(count pass "$out")
	unfinished "$out" >"$logs/$name.unfinished"
	failed=$(($(count fail "$out") + $(wc -l <"$logs/$name.unfinished")))
	skipped=$(count skip "$out")
	status=ok
	if [ "$failed" -gt 0 ]; then
		status="FAIL"
	elif [ "$code" -ne 0 ]; then
		status="FAIL (go test exit $code, see $logs/$name.stderr)"
		failed_any=1
	fi
	[ "$failed" -eq 0 ] || failed_any=1
	rows+=("$name|$version|$passed|$failed|$skipped|$((elapsed / 60))m$((elapsed % 60))s|$status")
	echo "$name: $passed passed, $failed failed, $skipped skipped in ${elapsed}s ($status)"
	if [ "$failed" -gt 0 ]; then
		echo "failed tests on $name:"
		sed -n 's/^{"Time":"[^"]*","Action":"fail","Package":"\([^"]*\)","Test":"\([^"]*\)".*/  \1 \2/p' "$out"
		sed 's/^/  (did not finish) /' "$logs/$name.unfinished"
	fi
done

echo
echo "testacc-matrix summary (tests and subtests; logs in $logs)"
printf '%-16s %-20s %7s %7s %8s %9s  %s\n' engine version passed failed skipped time status
for row in "${rows[@]}"; do
	IFS='|' read -r n v p f s t st <<<"$row"
	printf '%-16s %-20s %7s %7s %8s %9s  %s\n' "$n" "$v" "$p" "$f" "$s" "$t" "$st"
done
exit "$failed_any"
