#!/usr/bin/env bash
# make demo: build the provider and the mock vendor APIs, apply examples/demo/ against the mock with the
# local build (dev_overrides), show that a second plan is empty, change one contact in place, destroy,
# and print a summary. Works on a fresh clone: the engine comes from scripts/tf-engine.sh.
set -euo pipefail
# The Go that go.mod's toolchain line names; the go command fetches it from the Go module proxy once.
# GNUmakefile exports the same for make; this line is for running the script on its own.
export GOTOOLCHAIN=go1.27.3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
start=$(date +%s)

step() { printf '\n==> %s\n' "$*"; }
# progress_quiet: a line every 30 s while a build runs (the first one downloads and compiles modules).
# shellcheck source=scripts/progress.sh
. scripts/progress.sh
fail() { printf '\nDEMO FAILED: %s\n' "$*" >&2; exit 1; }

# Every tool the demo runs, named before anything starts rather than failing halfway through.
for tool in go curl jq git; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed; the demo needs go, curl, jq and git (see the README's Quick start)"
done

engine=$(scripts/tf-engine.sh)
engine_version=$(TF_CLI_CONFIG_FILE=/dev/null "$engine" version 2>/dev/null | sed -n 1p)

work=$(mktemp -d)
mock_pid=""
cleanup() {
	[ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

step "Building the provider and the mock API"
progress_quiet "demo: go build (the provider)" "$work/build-provider.log" go build -o "$work/plugins/terraform-provider-contacts" . ||
	fail "building the provider failed (its output is above)"
progress_quiet "demo: go build (the mock API)" "$work/build-mock.log" go build -o "$work/contacts-mockapi" ./cmd/contacts-mockapi ||
	fail "building the mock API failed (its output is above)"

step "Starting the mock vendor APIs on a free port"
api_key="demo-$RANDOM$RANDOM-secret"
"$work/contacts-mockapi" --listen 127.0.0.1:0 --api-key "$api_key" >"$work/mock.out" 2>"$work/mock.log" &
mock_pid=$!
for _ in $(seq 1 100); do
	grep -q '^listening on http://' "$work/mock.out" 2>/dev/null && break
	kill -0 "$mock_pid" 2>/dev/null || fail "the mock API exited: $(cat "$work/mock.log")"
	sleep 0.1
done
mock_url=$(sed -n 's/^listening on \(http:\/\/.*\)$/\1/p' "$work/mock.out" | head -n 1)
[ -n "$mock_url" ] || fail "the mock API did not report its address"
echo "mock API at $mock_url"

mock_get() { curl -fsS "$mock_url$1"; }

scripts/dev-cli-config.sh "$work/cli.tfrc" "$work/plugins"
cp -R examples/demo "$work/demo"
cd "$work/demo"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0
# Every vendor's credentials point at the mock; a vendor the demo does not use ignores them.
export MAILDIVER_API_KEY="$api_key" MAILDIVER_BASE_URL="$mock_url/maildiver/v1"
export BLAND_API_KEY="$api_key" BLAND_BASE_URL="$mock_url/bland"
export REVYOPS_API_KEY="$api_key" REVYOPS_CLIENT_ID="$api_key" REVYOPS_BASE_URL="$mock_url/revyops"
export CORPORATEMERCH_API_TOKEN="$api_key" CORPORATEMERCH_BASE_URL="$mock_url/corporatemerch/v2"
vendors=(maildiver bland revyops corporatemerch)
# stored VENDOR: how many contacts the mock holds for VENDOR. A failed request or unreadable answer
# stops the demo with its own error, rather than reading as 0 contacts.
stored() {
	local body n
	body=$(curl -fsS "$mock_url/_mock/store/$1") || fail "reading the mock's $1 store failed (curl exit $?)"
	n=$(jq '.contacts | length' <<<"$body") || fail "the mock's $1 store answered what jq cannot read: $body"
	echo "$n"
}
stored_all() { local n=0 v; for v in "${vendors[@]}"; do n=$((n + $(stored "$v"))); done; echo "$n"; }
tf() { "$engine" "$@" -no-color; }

step "Apply (provider logs at TF_LOG=trace go to a file, checked below for secrets)"
TF_LOG=trace TF_LOG_PATH="$work/trace.log" tf apply -auto-approve | tee "$work/apply.out" | grep -E '^(Apply complete|Plan:|.*: Creation complete)' || true
planned=$(sed -n 's/^Plan: \([0-9]*\) to add.*/\1/p' "$work/apply.out")
[ -n "$planned" ] && [ "$planned" -gt 0 ] || fail "the first plan added nothing"
grep -q "Apply complete! Resources: $planned added, 0 changed, 0 destroyed." "$work/apply.out" || fail "first apply did not create the $planned planned contacts"
if grep -qF "$api_key" "$work/trace.log"; then fail "the API key appears in the TF_LOG=trace output"; fi
trace_lines=$(wc -l <"$work/trace.log")
attempt_lines=$(grep -c 'duration_ms' "$work/trace.log" || true)
[ "$attempt_lines" -gt 0 ] || fail "the trace log has no per-request lines from the provider"
echo "trace log: $trace_lines lines ($attempt_lines per-request lines), API key not present"
held=$(stored_all)
[ "$held" -eq "$planned" ] || fail "the mock holds $held contacts, expected $planned"
for v in "${vendors[@]}"; do printf '  %-15s %s contacts at the mock\n' "$v" "$(stored "$v")"; done

step "Second plan: expect no changes"
set +e
tf plan -detailed-exitcode >"$work/plan2.out"
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$work/plan2.out"; fail "second plan was not empty (exit $code)"; }
grep -E '^No changes' "$work/plan2.out"

step "Change one contact (Grace's last name) and apply: expect an in-place update"
tf plan -var grace_title_name=Hopper-Murray >"$work/plan3.out"
grep -E '^Plan:' "$work/plan3.out"
grep -q 'Plan: 0 to add, 1 to change, 0 to destroy.' "$work/plan3.out" || { cat "$work/plan3.out"; fail "expected exactly one in-place update"; }
grep -E '~ +last_name' "$work/plan3.out" || true
tf apply -auto-approve -var grace_title_name=Hopper-Murray | grep -E '^Apply complete'
[ "$(mock_get /_mock/store/maildiver | jq -r '.contacts[] | select(.email == "grace.hopper@example.com") | .last_name')" = Hopper-Murray ] ||
	fail "the mock does not hold the updated last name"
set +e
tf plan -detailed-exitcode -var grace_title_name=Hopper-Murray >"$work/plan4.out"
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$work/plan4.out"; fail "plan after the update was not empty (exit $code)"; }
echo "plan after the update: no changes"

step "Destroy"
tf destroy -auto-approve -var grace_title_name=Hopper-Murray | grep -E '^Destroy complete'
for v in "${vendors[@]}"; do
	left=$(stored "$v")
	if [ "$v" = bland ]; then
		# Bland has no delete endpoint: destroy forgets its contacts and warns that they remain.
		echo "  bland: $left contacts remain at the vendor (no delete endpoint exists)"
	elif [ "$left" -ne 0 ]; then
		fail "$left $v contacts left at the mock after destroy"
	fi
done

stats=$(mock_get /_mock/stats | jq -c '{total, by_status}')
kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
mock_pid=""

step "Summary"
cat <<SUMMARY
engine:          $engine_version ($engine)
mock API:        $mock_url (stopped)
contacts:        $planned created, 1 updated in place, all destroyed; plans after apply were empty
secrets:         the API key never appeared in $trace_lines lines of TF_LOG=trace output
mock requests:   $stats
time:            $(($(date +%s) - start))s
SUMMARY
echo "DEMO OK"
