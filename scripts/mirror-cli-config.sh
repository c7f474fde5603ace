#!/usr/bin/env bash
# Writes a local filesystem mirror holding a built provider, and a Terraform/OpenTofu CLI configuration
# that installs contacts-provider/contacts from that mirror and every other provider from its registry as
# usual. Unlike dev_overrides (scripts/dev-cli-config.sh), it lets `terraform init` run, as a
# configuration that also uses published providers needs, and records the build in the lock file.
#
#   scripts/mirror-cli-config.sh CLI_FILE MIRROR_DIR [BINARY]
#
# BINARY (default bin/terraform-provider-contacts, from make build) is copied into MIRROR_DIR as version
# $MIRROR_VERSION (default 0.0.1) for this machine's platform, under both registries' addresses so the
# same files serve Terraform and OpenTofu. After a rebuild, run it again, delete the configuration's
# .terraform.lock.hcl (it holds the old build's checksum) and run init again.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
	echo "usage: scripts/mirror-cli-config.sh CLI_FILE MIRROR_DIR [BINARY]" >&2
	exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=$1
binary=${3:-$root/bin/terraform-provider-contacts}
version=${MIRROR_VERSION:-0.0.1}
[ -x "$binary" ] || { echo "mirror-cli-config: $binary is not an executable provider build (run make build)" >&2; exit 1; }
mkdir -p "$2"
mirror=$(cd "$2" && pwd)
platform=$(go env GOOS)_$(go env GOARCH)
for host in registry.terraform.io registry.opentofu.org; do
	dir=$mirror/$host/contacts-provider/contacts/$version/$platform
	mkdir -p "$dir"
	cp "$binary" "$dir/terraform-provider-contacts_v$version"
done
cat >"$cli" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["contacts-provider/contacts"]
  }
  direct {
    exclude = ["contacts-provider/contacts"]
  }
}
CFG
echo "mirror-cli-config: $binary copied into $mirror as contacts-provider/contacts $version ($platform); CLI configuration written to $cli"
