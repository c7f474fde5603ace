#!/usr/bin/env bash
# Runs govulncheck on the provider's code and its tests (`-test ./...`, symbol level: only vulnerable
# functions that the code can reach count) against a vulnerability database built on this machine, and
# fails on any finding:
#
#   scripts/vulncheck.sh                          the pinned database below
#   VULNDB_VERSION=latest scripts/vulncheck.sh    the newest golang.org/x/vulndb the Go module proxy serves
#
# The vulnerability service govulncheck queries by default is not reachable from every machine (CI's
# included); the Go module proxy is. So the database comes from the golang.org/x/vulndb module, the
# source of that service: its data/osv folder holds one OSV JSON file per report, and vulndb's own
# cmd/indexdb writes from it the layout that `govulncheck -db file://...` reads (index/db.json,
# index/modules.json, index/vulns.json, ID/<id>.json). The database is kept in
# ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-contacts/vulndb/<vulndb version> (or $VULNDB_CACHE), so
# it is built once per pinned version; govulncheck is installed with `go install` into the tools folder
# that scripts/golangci-lint.sh uses, as govulncheck-<version>-<go version>: one built by go1.26 refuses
# this module ("package requires newer Go version go1.27"), and the standard library it checks is that of
# the Go that runs it.
#
# A pinned database makes the verdict change only when this file does: bump vulndb_pinned to take the
# reports published since. Each finding is printed in govulncheck's words, then one line per vulnerability
# saying whether it is in a module (fix: `go get` the fixed version) or in the standard library (fix: the
# toolchain line in go.mod and the GOTOOLCHAIN pins that TestToolchainPinnedEverywhere checks), and a total.
#
# First run on empty caches, on 2 busy cores: about 4 minutes (installing govulncheck 1.5 to 2 minutes,
# cmd/indexdb about 1.5 minutes with its ~60 module downloads, the index seconds, the scan under a
# minute). Later runs: the scan only, 10 to 40 seconds.
set -euo pipefail
# The Go that go.mod's toolchain line names; the go command fetches it from the Go module proxy once.
# GNUmakefile exports the same for make; this line is for running the script on its own.
export GOTOOLCHAIN=go1.27.3

# Bump these here; the next run installs or builds them once and keeps them.
govulncheck_version=v1.9.0
vulndb_pinned=v0.0.0-20261105234957-e22db6528018

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-contacts/tools}
dbs=${VULNDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-contacts/vulndb}

say() { printf 'vulncheck: %s\n' "$*" >&2; }
die() {
	say "$*"
	exit 1
}

# shellcheck source=scripts/progress.sh
. "$root/scripts/progress.sh"

# must LABEL LOG COMMAND...: runs COMMAND with its output in LOG and a progress line at least every 30 s
# (scripts/progress.sh); stops the script, after LOG's tail, if COMMAND fails.
must() {
	local label=$1
	shift
	progress_quiet "vulncheck: $label" "$@" || die "$label failed; the end of its log is above"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$tools" "$dbs"

# "${go_outside[@]}" ARGS...: the go command outside this module, so that its go.mod and GOFLAGS such as
# -mod=vendor play no part in installing tools; `go install` writes into $work/bin.
# A command, not a function, so that progress_quiet can run it in its own process group.
go_outside=(env GOBIN="$work/bin" GOFLAGS=-trimpath go -C "$work")

# json_field NAME: the string value of "NAME" in the `go mod download -json` output on stdin.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p"; }

# The module's Go, which the scan's standard library is; GNUmakefile exports the toolchain go.mod names.
go_version=$(cd "$root" && go env GOVERSION)

# govulncheck, installed once per version and Go version.
govulncheck=$(cd "$tools" && pwd)/govulncheck-$govulncheck_version-$go_version
scanner() { "$1" -version 2>/dev/null | sed -n 's/^Scanner: govulncheck@//p' || true; }
if [ -e "$govulncheck" ] && [ "$(scanner "$govulncheck")" != "$govulncheck_version" ]; then
	say "$govulncheck reports '$(scanner "$govulncheck")' instead of $govulncheck_version: reinstalling it"
	rm -f "$govulncheck"
fi
if [ ! -e "$govulncheck" ]; then
	say "installing govulncheck $govulncheck_version with $go_version into $govulncheck (once per machine)"
	must "go install golang.org/x/vuln/cmd/govulncheck@$govulncheck_version" "$work/govulncheck.log" \
		"${go_outside[@]}" install "golang.org/x/vuln/cmd/govulncheck@$govulncheck_version"
	mv "$work/bin/govulncheck" "$govulncheck"
fi

# The database, built once per golang.org/x/vulndb version.
vulndb_version=${VULNDB_VERSION:-$vulndb_pinned}
if [ "$vulndb_version" = latest ]; then
	vulndb_version=$("${go_outside[@]}" mod download -json golang.org/x/vulndb@latest | json_field Version || true)
	[ -n "$vulndb_version" ] || die "the Go module proxy named no latest version of golang.org/x/vulndb"
	say "VULNDB_VERSION=latest: golang.org/x/vulndb $vulndb_version"
fi
db=$(cd "$dbs" && pwd)/$vulndb_version
if [ ! -s "$db/index/modules.json" ]; then
	say "building the vulnerability database of golang.org/x/vulndb $vulndb_version into $db (once per version: about 2 minutes)"
	start=$SECONDS
	must "go mod download golang.org/x/vulndb@$vulndb_version" "$work/download.log" \
		"${go_outside[@]}" mod download -json "golang.org/x/vulndb@$vulndb_version"
	src=$(json_field Dir <"$work/download.log")
	[ -d "$src/data/osv" ] || die "golang.org/x/vulndb $vulndb_version has no data/osv folder of OSV reports (module at '$src')"
	# vulndb's go.mod has no replace directives, so its command installs as any module's does.
	must "go install golang.org/x/vulndb/cmd/indexdb@$vulndb_version" "$work/indexdb.log" \
		"${go_outside[@]}" install "golang.org/x/vulndb/cmd/indexdb@$vulndb_version"
	rm -rf "$db.tmp.$$"
	must "indexdb" "$work/index.log" "$work/bin/indexdb" -vulns "$src/data/osv" -out "$db.tmp.$$"
	rm -rf "$db"
	mv "$db.tmp.$$" "$db"
	say "database of $(find "$db/ID" -name '*.json' | wc -l) reports built in $((SECONDS - start)) s"
fi

say "scanning -test ./... with govulncheck $govulncheck_version, $go_version and golang.org/x/vulndb $vulndb_version"
code=0
PROGRESS_TAIL_LINES=0 progress_quiet "vulncheck: govulncheck" "$work/scan.log" \
	"$govulncheck" -C "$root" -db "file://$db" -test ./... || code=$?
cat "$work/scan.log"
case $code in
0)
	say "PASS: no reachable vulnerability (golang.org/x/vulndb $vulndb_version)"
	;;
3)
	# One line per vulnerability from govulncheck's text: "Vulnerability #N: ID", then "Standard library"
	# and/or "Module: PATH", each followed by "Found in: PKG@VERSION" and "Fixed in: PKG@VERSION".
	awk '
		/^Vulnerability #/ { id = $3 }
		/^  Standard library$/ { where = "the standard library" }
		/^  Module: / { where = "module " $2 }
		/^    Found in: / { found = $3 }
		/^    Fixed in: / { printf "vulncheck: FOUND %s in %s: %s, fixed in %s\n", id, where, found, $3 }
	' "$work/scan.log" >&2
	modules=$(grep -c '^  Module: ' "$work/scan.log" || true)
	stdlib=$(grep -c '^  Standard library$' "$work/scan.log" || true)
	say "FAIL: $(grep -c '^Vulnerability #' "$work/scan.log") reachable vulnerabilities ($modules module and $stdlib standard-library findings): move each module to its fixed version (go get, go mod tidy), and the standard library to its fixed Go (go.mod's go directive and every GOTOOLCHAIN pin: TestToolchainPinnedEverywhere names them)"
	exit 1
	;;
*)
	die "govulncheck failed (exit $code); its output is above"
	;;
esac
