#!/usr/bin/env bash
# Runs golangci-lint at the version pinned below with the given arguments (`scripts/golangci-lint.sh run`),
# installing it first if need be:
#
#   scripts/golangci-lint.sh run ./...     lint with .golangci.yml
#   scripts/golangci-lint.sh --path        print the binary's path only (installs it if need be)
#
# It is installed with `go install ...@VERSION` from the Go module proxy, built against golangci-lint's own
# go.mod, and kept in a user cache folder, ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-contacts/tools
# (or $TOOLS_CACHE), as golangci-lint-<version>-<go version>, so every clone on the machine (and CI) reuses it
# (the Go version is part of the name because golangci-lint refuses code for a newer Go than built it). It is not a
# `tool` line in go.mod: that would pull golangci-lint's ~200 modules into this module's graph and raise
# grpc, golang.org/x/net, x/text, x/tools and others that the provider itself is built and tested with.
# A kept binary is run before use and reinstalled if it does not report the pinned version. The first
# install takes several minutes on 2 cores (4m37s of build on a busy one; it says so before it starts).
set -euo pipefail
# The Go that go.mod's toolchain line names; the go command fetches it from the Go module proxy once.
# GNUmakefile exports the same for make; this line is for running the script on its own.
export GOTOOLCHAIN=go1.27.3

# Bump the version here; the next run installs it once and keeps it.
version=v2.15.0
module=github.com/golangci/golangci-lint/v2/cmd/golangci-lint

say() { printf 'golangci-lint.sh: %s\n' "$*" >&2; }
# progress_quiet: a line every 30 s while the install runs.
# shellcheck source=scripts/progress.sh
. "$(dirname "${BASH_SOURCE[0]}")/progress.sh"

cache=${TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-contacts/tools}
mkdir -p "$cache"
bin=$(cd "$cache" && pwd)/golangci-lint-$version-$(go env GOVERSION)

# reported BIN: the version BIN says it is ("2.15.0"), empty when it does not run.
reported() { "$1" version --short 2>/dev/null || true; }

if [ -e "$bin" ] && [ "$(reported "$bin")" != "${version#v}" ]; then
	say "$bin reports '$(reported "$bin")' instead of '${version#v}': reinstalling it"
	rm -f "$bin"
fi
if [ ! -e "$bin" ]; then
	say "installing golangci-lint $version with $(go env GOVERSION) into $bin (go install from the Go module proxy: several minutes, once per machine)"
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	# Outside this module, so its go.mod and GOFLAGS such as -mod=vendor play no part.
	progress_quiet "golangci-lint.sh: installing golangci-lint $version" "$work/install.log" \
		env -C "$work" GOBIN="$work/bin" GOFLAGS=-trimpath go install "$module@$version"
	mv "$work/bin/golangci-lint" "$bin"
fi
[ "$(reported "$bin")" = "${version#v}" ] || { say "$bin does not run"; exit 1; }

if [ "${1:-}" = "--path" ]; then
	printf '%s\n' "$bin"
	exit 0
fi
exec "$bin" "$@"
