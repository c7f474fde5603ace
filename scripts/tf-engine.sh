#!/usr/bin/env bash
# Prints the absolute path of the Terraform engine the tests, the demo and the docs use, and says on stderr
# which engine and version it is. TF_ENGINE chooses it:
#
#   (unset)          terraform-1.14, the default: the newest Terraform, so identity and `terraform query`
#                    are exercised by `make test`
#   terraform-1.14   Terraform v1.14.9, built from the Go module proxy (see build_terraform below)
#   tofu-1.12        OpenTofu v1.12.6, built from the Go module proxy (also: tofu)
#   tofu-1.10        OpenTofu v1.10.10, built from the Go module proxy
#   terraform-vX.Y.Z, tofu-vX.Y.Z
#                    that exact version, built the same way (best effort for versions not listed above)
#   path             `terraform` on PATH, else `tofu` on PATH
#   /abs/path        that binary
#
# A built engine is kept in a user cache folder, ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-contacts/engines
# (or $TF_ENGINE_CACHE), as <engine>-<version>, so every clone on the machine (and CI) reuses it; it is built once per
# version; a kept binary is run before it is used and rebuilt if it does not run or reports another
# version. A build takes several minutes on 2 cores (the first one also downloads a few hundred modules);
# it says so before it starts and prints a progress line every 30 s.
set -euo pipefail
# The Go that go.mod's toolchain line names; the go command fetches it from the Go module proxy once.
# GNUmakefile exports the same for make; this line is for running the script on its own.
export GOTOOLCHAIN=go1.27.3

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${TF_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-contacts/engines}
# The patches these names build. Bump a version here; the next run builds it once and keeps it.
terraform_1_14=v1.14.9
tofu_1_12=v1.12.6
tofu_1_10=v1.10.10

say() { printf 'tf-engine: %s\n' "$*" >&2; }
# progress_quiet: a line every 30 s while a build runs (scripts/progress.sh).
# shellcheck source=scripts/progress.sh
. "$root/scripts/progress.sh"
die() { say "$*"; exit 1; }

# first_line ENGINE: the first line of `ENGINE version` ("Terraform v1.14.9", "OpenTofu v1.12.6"), empty
# when it does not run. Terraform warns about a CLI config file named by TF_CLI_CONFIG_FILE that does not
# exist; that is noise here, not a problem with the engine.
first_line() { TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null | sed -n 1p || true; }

# module_source MODULE VERSION: the directory of MODULE@VERSION in the Go module cache (downloaded from
# the proxy if need be).
module_source() {
	local dir
	dir=$(cd "$root" && GOFLAGS=-mod=mod go mod download -json "$1@$2" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	if [ -z "$dir" ] || [ ! -d "$dir" ]; then
		die "could not download $1@$2 from the Go module proxy"
	fi
	printf '%s\n' "$dir"
}

# patch_terraform SRC: makes Terraform's module source at SRC build outside its own repository. The module
# zip on the proxy holds only the main module, while its go.mod requires ten nested modules through
# `replace => ./internal/...` directories that the zip does not contain: the remote-state backends
# (azurerm, consul, cos, gcs, kubernetes, oci, oss, pg, s3) and internal/legacy (imported by tests only).
# Their requires and replaces are dropped from go.mod, and the backends' imports and registrations from
# internal/backend/init/init.go; a configuration naming one of them is told it is not in this build. The
# local, remote, http, inmem and cloud backends stay. The result is for testing providers only.
patch_terraform() {
	local src=$1 init=$1/internal/backend/init/init.go mod=github.com/hashicorp/terraform/internal
	local backends=(azure consul cos gcs kubernetes oci oss pg s3) args=() b
	for b in "${backends[@]}"; do
		args+=("-droprequire=$mod/backend/remote-state/$b" "-dropreplace=$mod/backend/remote-state/$b")
	done
	args+=("-droprequire=$mod/legacy" "-dropreplace=$mod/legacy")
	(cd "$src" && go mod edit "${args[@]}")

	[ -f "$init" ] || die "Terraform's source has no internal/backend/init/init.go: the patch needs updating"
	# Import lines (backendS3 "github.com/...") and registrations ("s3": func() ... backendS3.New()).
	sed -E -i '/\<backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)[ .]/d' "$init"
	local name
	for name in s3 pg oss oci kubernetes gcs cos consul azurerm; do # `a` inserts each above the last: sorted
		sed -i "/^[[:space:]]*RemovedBackends = map\[string\]string{/a\\
		\"$name\": \`The \"$name\" backend is not in this Terraform, built for testing only by terraform-provider-contacts' scripts/tf-engine.sh.\`," "$init"
	done
	# Fail here, naming the cause, rather than in the compiler if a new release imports them elsewhere.
	if grep -rlE --include='*.go' --exclude='*_test.go' "\"$mod/(backend/remote-state/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)|legacy)[\"/]" "$src" >&2; then
		die "Terraform's source imports a dropped module in the files above: the patch needs updating"
	fi
}

# build KIND VERSION OUT: builds Terraform (KIND=terraform) or OpenTofu (KIND=tofu) at VERSION from the Go
# module proxy into OUT. Both go.mod files have replace directives, so `go install module@version` refuses
# them: each is built as the main module from a writable copy of its module source.
build() {
	local kind=$1 version=$2 out=$3 module pkg ldflags dir work
	case $kind in
	terraform)
		module=github.com/hashicorp/terraform pkg=.
		ldflags="-s -w -X github.com/hashicorp/terraform/version.dev=no"
		say "building Terraform $version from the Go module proxy into $(dirname "$out") (for testing only; remote-state backends removed; Business Source License 1.1)"
		;;
	tofu)
		module=github.com/opentofu/opentofu pkg=./cmd/tofu
		ldflags="-s -w -X github.com/opentofu/opentofu/version.dev=no"
		say "building OpenTofu $version from the Go module proxy into $(dirname "$out")"
		;;
	esac
	say "this takes 3 to 12 minutes on a 2-core machine, quiet or busy (seconds when Go's build cache still holds it); done once per version"
	work=$(mktemp -d)
	# shellcheck disable=SC2064 # expand $work now: it is local
	trap "rm -rf '$work'" EXIT
	dir=$(module_source "$module" "$version")
	cp -R "$dir/." "$work/src"
	chmod -R u+w "$work/src"
	if [ "$kind" = terraform ]; then
		patch_terraform "$work/src"
	fi
	mkdir -p "$(dirname "$out")"
	progress_quiet "tf-engine: building $kind $version" "$work/build.log" \
		env -C "$work/src" CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
		go build -trimpath -ldflags "$ldflags" -o "$out.tmp.$$" "$pkg" ||
		die "$kind $version: the build failed; the end of its log is above"
	mv "$out.tmp.$$" "$out"
	rm -rf "$work"
	trap - EXIT
}

engine=${TF_ENGINE:-terraform-1.14}
case $engine in
/*)
	[ -x "$engine" ] || die "TF_ENGINE=$engine is not an executable file"
	;;
path)
	engine=$(command -v terraform 2>/dev/null || command -v tofu 2>/dev/null) ||
		die "TF_ENGINE=path, but neither terraform nor tofu is on PATH"
	;;
*)
	case $engine in
	terraform | terraform-1.14) kind=terraform version=$terraform_1_14 ;;
	tofu | tofu-1.12) kind=tofu version=$tofu_1_12 ;;
	tofu-1.10) kind=tofu version=$tofu_1_10 ;;
	terraform-v[0-9]*.*.*) kind=terraform version=${engine#terraform-} ;;
	tofu-v[0-9]*.*.*) kind=tofu version=${engine#tofu-} ;;
	*) die "unknown TF_ENGINE=$engine: use terraform-1.14, tofu-1.12, tofu-1.10, terraform-vX.Y.Z, tofu-vX.Y.Z, path, or an absolute path" ;;
	esac
	case $kind in terraform) want="Terraform $version" ;; tofu) want="OpenTofu $version" ;; esac
	mkdir -p "$cache"
	engine=$(cd "$cache" && pwd)/$kind-$version
	if [ -e "$engine" ]; then
		got=$(first_line "$engine")
		if [ "$got" != "$want" ]; then
			say "$engine reports '${got:-nothing}' instead of '$want': rebuilding it"
			rm -f "$engine"
		fi
	fi
	[ -e "$engine" ] || build "$kind" "$version" "$engine"
	;;
esac

version=$(first_line "$engine")
[ -n "$version" ] || die "$engine does not run"
say "using $version ($engine)"
printf '%s\n' "$engine"
