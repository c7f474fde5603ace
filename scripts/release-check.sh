#!/usr/bin/env bash
# make release-check: what a release would produce, without publishing or signing anything.
#   1. installs goreleaser $GORELEASER_VERSION from the Go module proxy into bin/tools/ (once; built with
#      this Go: v2.15.1 is the newest that installs with it);
#   2. `goreleaser check` on .goreleaser.yml;
#   3. `goreleaser release --snapshot --clean --skip=sign` into dist/. Signing is skipped because it
#      needs the release GPG key; a real release signs the SHA256SUMS file. For speed the snapshot builds
#      only RELEASE_TARGETS (default: linux_amd64 darwin_arm64) from a copy of .goreleaser.yml with a
#      `targets:` list; RELEASE_TARGETS=all builds every platform of the real configuration;
#   4. scripts/release-verify.sh dist/: archive names, SHA256SUMS (manifest included), binary names.
set -euo pipefail
# The Go that go.mod's toolchain line names; the go command fetches it from the Go module proxy once.
# GNUmakefile exports the same for make; this line is for running the script on its own.
export GOTOOLCHAIN=go1.27.3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
goreleaser_version=${GORELEASER_VERSION:-v2.15.1}
targets=${RELEASE_TARGETS:-linux_amd64 darwin_arm64}
start=$(date +%s)
# progress_quiet and progress_shown: a line at least every 30 s during the install and the snapshot.
# shellcheck source=scripts/progress.sh
. scripts/progress.sh

goreleaser=$root/bin/tools/goreleaser-$goreleaser_version
if [ ! -x "$goreleaser" ]; then
	echo "==> Installing goreleaser $goreleaser_version into bin/tools/ (once: 15 minutes measured on a busy 2-core machine)"
	gobin=$(mktemp -d)
	progress_quiet "release-check: installing goreleaser $goreleaser_version" "$gobin/install.log" \
		env GOBIN="$gobin" go install "github.com/goreleaser/goreleaser/v2@$goreleaser_version"
	mkdir -p bin/tools
	mv "$gobin/goreleaser" "$goreleaser"
	rm -rf "$gobin"
fi
"$goreleaser" --version | grep -m1 -i '^GitVersion' || true

echo "==> goreleaser check"
"$goreleaser" check

config=.goreleaser.yml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$targets" != all ]; then
	# goreleaser release has no --single-target: a copy of the configuration names the targets instead
	# (targets overrides goos, goarch and ignore).
	config=$work/goreleaser.yml
	list=$(printf '"%s", ' $targets)
	sed -E "s/^(    binary: .*)$/\1\n    targets: [${list%, }]/" .goreleaser.yml >"$config"
	grep -q '^    targets: ' "$config" || { echo "release-check: could not set targets in a copy of .goreleaser.yml" >&2; exit 1; }
	echo "==> Snapshot release for $targets (RELEASE_TARGETS=all for every platform)"
else
	echo "==> Snapshot release for every platform"
fi
snap_start=$(date +%s)
# progress_quiet and progress_shown: a line at least every 30 s during the install and the snapshot.
# shellcheck source=scripts/progress.sh
. scripts/progress.sh
progress_shown "release-check: goreleaser release --snapshot" "$goreleaser" release --snapshot --clean --skip=sign --config "$config"
snap=$(($(date +%s) - snap_start))

echo "==> Verifying dist/"
scripts/release-verify.sh dist
echo "release-check: OK (snapshot ${snap}s, total $(($(date +%s) - start))s; not signed: --skip=sign)"
