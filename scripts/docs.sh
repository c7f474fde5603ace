#!/usr/bin/env bash
# Generates docs/ with tfplugindocs from the provider's schema and examples/.
#   scripts/docs.sh            write docs/
#   scripts/docs.sh --check    fail when the committed docs/ differ from what the code generates
# The schema comes from `<engine> providers schema -json` run against the local build (dev_overrides),
# so no provider is downloaded and either Terraform or OpenTofu works.
set -euo pipefail
# The Go that go.mod's toolchain line names; the go command fetches it from the Go module proxy once.
# GNUmakefile exports the same for make; this line is for running the script on its own.
export GOTOOLCHAIN=go1.27.3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
engine=$("$root/scripts/tf-engine.sh")
# progress_quiet: a line every 30 s while the provider builds.
# shellcheck source=scripts/progress.sh
. "$root/scripts/progress.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
progress_quiet "docs.sh: go build (the provider)" "$work/build.log" go build -o "$work/plugins/terraform-provider-contacts" .
"$root/scripts/dev-cli-config.sh" "$work/cli.tfrc" "$work/plugins"
mkdir -p "$work/cfg"
cat >"$work/cfg/main.tf" <<'TF'
terraform {
  required_providers {
    contacts = { source = "contacts-provider/contacts" }
  }
}
TF
(cd "$work/cfg" && TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$engine" providers schema -json 2>/dev/null) |
	# tfplugindocs looks the provider up by its short name.
	sed -E 's#"registry\.(terraform\.io|opentofu\.org)/contacts-provider/contacts"#"contacts"#' >"$work/schema.json"

# tfplugindocs writes below --provider-dir; a check renders into a scratch copy of the inputs.
dir="$root"
if [ "${1:-}" = "--check" ]; then
	dir="$work/render"
	mkdir -p "$dir"
	cp -R examples "$dir/"
	[ -d templates ] && cp -R templates "$dir/"
fi
go tool tfplugindocs generate --provider-dir "$dir" --provider-name contacts --providers-schema "$work/schema.json" \
	--rendered-website-dir docs >"$work/tfplugindocs.log" 2>&1 || { cat "$work/tfplugindocs.log" >&2; exit 1; }

if [ "${1:-}" = "--check" ]; then
	if ! diff -ru docs "$dir/docs" >"$work/docs.diff"; then
		cat "$work/docs.diff" >&2
		echo "docs/ is stale: run 'make docs' and commit docs/." >&2
		exit 1
	fi
	echo "docs/ is up to date."
else
	echo "docs/ generated."
fi
