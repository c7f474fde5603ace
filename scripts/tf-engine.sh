#!/usr/bin/env bash
# Prints the absolute path of the Terraform engine the tests and the demo use, and says on stderr which
# engine and version it is. Order: $TF_ENGINE if set; `terraform` on PATH; `tofu` on PATH; an OpenTofu
# this script built earlier into bin/; else build OpenTofu from the Go module proxy into bin/ (a few
# minutes on 2 cores, once: the binary is kept for next time).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
opentofu_version=${OPENTOFU_VERSION:-v1.10.10}
built="$root/bin/tofu-$opentofu_version"

say() { printf '%s\n' "$*" >&2; }

build_opentofu() {
	say "tf-engine: no terraform or tofu on PATH; building OpenTofu $opentofu_version from the Go module proxy into bin/ (once)"
	local dir work
	# OpenTofu's go.mod has replace directives, so `go install module@version` refuses it: build it as
	# the main module from a writable copy of its module source instead.
	dir=$(cd "$root" && GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@$opentofu_version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	if [ -z "$dir" ] || [ ! -d "$dir" ]; then
		say "tf-engine: could not download github.com/opentofu/opentofu@$opentofu_version"
		exit 1
	fi
	work=$(mktemp -d)
	trap 'rm -rf "$work"' RETURN
	cp -R "$dir/." "$work/src"
	chmod -R u+w "$work/src"
	mkdir -p "$root/bin"
	(cd "$work/src" && CGO_ENABLED=0 GOFLAGS= go build -trimpath \
		-ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
		-o "$built.tmp" ./cmd/tofu)
	mv "$built.tmp" "$built"
}

if [ -n "${TF_ENGINE:-}" ]; then
	engine=$TF_ENGINE
elif engine=$(command -v terraform 2>/dev/null); then
	:
elif engine=$(command -v tofu 2>/dev/null); then
	:
else
	[ -x "$built" ] || build_opentofu
	engine=$built
fi

# Terraform warns about a CLI config file named by TF_CLI_CONFIG_FILE that does not exist; that is
# noise here, not a problem with the engine.
version=$(TF_CLI_CONFIG_FILE=/dev/null "$engine" version 2>/dev/null | sed -n 1p)
if [ -z "$version" ]; then
	say "tf-engine: $engine does not run"
	exit 1
fi
say "tf-engine: using $version ($engine)"
printf '%s\n' "$engine"
