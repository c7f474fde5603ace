#!/usr/bin/env bash
# Progress for long steps: a step that can be silent for more than 30 s (a first build or install, a
# test run) prints a line at least every 30 s, so it never looks hung. Sourced by the scripts for their
# functions, or run from the GNUmakefile:
#
#   scripts/progress.sh LABEL COMMAND...   = progress_shown LABEL COMMAND...
#
# progress_quiet LABEL LOG COMMAND...
#     runs COMMAND with its output in LOG; every 30 s prints "LABEL: still running, Ns so far" (with the
#     number of `go: downloading` lines in LOG so far, if any); at the end "LABEL: done in Ns", or LOG's
#     last $PROGRESS_TAIL_LINES lines (default 40; 0 for a caller that shows LOG itself) and "LABEL:
#     failed (exit N)". Returns COMMAND's exit code.
# progress_shown LABEL COMMAND...
#     runs COMMAND with its output shown as it comes; after every 30 s without output prints
#     "LABEL: still running, Ns so far". Returns COMMAND's exit code.
#
# Progress lines go to stderr. COMMAND runs in its own process group, so an interrupted or terminated
# script (Ctrl-C) stops all of it: a background command of a script would otherwise ignore Ctrl-C.

progress_say() { printf '%s\n' "$*" >&2; }

# progress_start LOG COMMAND...: starts COMMAND in its own process group with its output in LOG; sets
# progress_pid and a trap that stops that group if this script is interrupted or terminated.
progress_start() {
	local log=$1
	shift
	if command -v setsid >/dev/null 2>&1; then
		setsid "$@" >"$log" 2>&1 </dev/null &
		progress_pid=$!
		# shellcheck disable=SC2064 # expand the pid now
		trap "kill -TERM -- -$progress_pid 2>/dev/null; exit 130" INT TERM
	else # no setsid (not Linux): only the command itself is stopped
		"$@" >"$log" 2>&1 </dev/null &
		progress_pid=$!
		# shellcheck disable=SC2064 # expand the pid now
		trap "kill -TERM $progress_pid 2>/dev/null; exit 130" INT TERM
	fi
}

progress_quiet() {
	local label=$1 log=$2 start=$SECONDS next code=0 downloaded
	shift 2
	next=$((SECONDS + 30))
	progress_start "$log" "$@"
	while kill -0 "$progress_pid" 2>/dev/null; do
		sleep 1
		if [ "$SECONDS" -ge "$next" ] && kill -0 "$progress_pid" 2>/dev/null; then
			downloaded=$(grep -c '^go: downloading' "$log" || true)
			if [ "$downloaded" -gt 0 ]; then
				progress_say "$label: still running, $((SECONDS - start))s so far ($downloaded modules downloaded)"
			else
				progress_say "$label: still running, $((SECONDS - start))s so far"
			fi
			next=$((next + 30))
		fi
	done
	wait "$progress_pid" || code=$?
	trap - INT TERM
	if [ "$code" -ne 0 ]; then
		if [ "${PROGRESS_TAIL_LINES:-40}" -gt 0 ]; then
			tail -n "${PROGRESS_TAIL_LINES:-40}" "$log" >&2
			progress_say "$label: failed (exit $code) after $((SECONDS - start))s; the end of its output is above"
		else
			progress_say "$label: exit $code after $((SECONDS - start))s"
		fi
		return "$code"
	fi
	progress_say "$label: done in $((SECONDS - start))s"
}

progress_shown() {
	local label=$1 start=$SECONDS log dir tail_pid size=0 now quiet_since code=0
	shift
	dir=$(mktemp -d)
	log=$dir/output
	: >"$log"
	progress_start "$log" "$@"
	tail -f -n +1 --pid="$progress_pid" "$log" &
	tail_pid=$!
	quiet_since=$SECONDS
	while kill -0 "$progress_pid" 2>/dev/null; do
		sleep 1
		now=$(stat -c %s "$log")
		if [ "$now" -ne "$size" ]; then
			size=$now
			quiet_since=$SECONDS
		elif [ $((SECONDS - quiet_since)) -ge 30 ] && kill -0 "$progress_pid" 2>/dev/null; then
			progress_say "$label: still running, $((SECONDS - start))s so far"
			quiet_since=$SECONDS
		fi
	done
	wait "$progress_pid" || code=$?
	trap - INT TERM
	wait "$tail_pid" 2>/dev/null || true
	rm -rf "$dir"
	return "$code"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	if [ "$#" -lt 2 ]; then
		progress_say "usage: scripts/progress.sh LABEL COMMAND..."
		exit 2
	fi
	progress_shown "$@"
fi
