#!/usr/bin/env bash
# Checks a goreleaser dist folder ($1, default dist/) against the layout the Terraform Registry expects:
#   - every archive is terraform-provider-contacts_<version>_<os>_<arch>.zip, one per built platform;
#   - terraform-provider-contacts_<version>_SHA256SUMS lists every zip and the registry manifest
#     (terraform-provider-contacts_<version>_manifest.json, with the hash of terraform-registry-manifest.json)
#     and nothing else, with hashes that match;
#   - each zip holds the binary terraform-provider-contacts_v<version> (.exe on Windows), which holds
#     <version> (set with -X main.version);
#   - the SHA256SUMS signature, if the release was signed (a snapshot made with --skip=sign is not).
# <version> is the one goreleaser recorded in dist/metadata.json. Needs jq, unzip and sha256sum.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist=$(cd "${1:-$root/dist}" && pwd)
project=terraform-provider-contacts
for tool in jq unzip sha256sum; do
	command -v "$tool" >/dev/null || { echo "release-verify: $tool is required and not on PATH" >&2; exit 1; }
done

failures=0
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
ok() { printf 'ok   %s\n' "$*"; }

version=$(jq -r .version "$dist/metadata.json")
name=$(jq -r .project_name "$dist/metadata.json")
[ "$name" = "$project" ] && ok "project_name $name" || fail "project_name is '$name', want $project"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Archives: the names goreleaser reports, and the files present, must both follow the pattern.
mapfile -t zips < <(cd "$dist" && ls -1 -- *.zip 2>/dev/null | sort)
[ "${#zips[@]}" -gt 0 ] || fail "no .zip archive in $dist"
mapfile -t expected < <(jq -r --arg p "$project" --arg v "$version" \
	'.[] | select(.type == "Archive") | "\($p)_\($v)_\(.goos)_\(.goarch).zip"' "$dist/artifacts.json" | sort)
if [ "${expected[*]}" = "${zips[*]}" ]; then
	ok "${#zips[@]} archives named ${project}_${version}_<os>_<arch>.zip"
else
	fail "archives in $dist (${zips[*]}) are not the platforms built (${expected[*]})"
fi
for z in "${zips[@]}"; do
	[[ $z =~ ^${project}_${version//./\\.}_[a-z0-9]+_[a-z0-9]+\.zip$ ]] || fail "archive name $z"
done

# SHA256SUMS: exactly the zips and the manifest, each hash right.
sums="$dist/${project}_${version}_SHA256SUMS"
manifest="${project}_${version}_manifest.json"
if [ ! -f "$sums" ]; then
	fail "no $(basename "$sums")"
else
	listed=$(awk '{print $2}' "$sums" | sort)
	want=$(printf '%s\n' "${zips[@]}" "$manifest" | sort)
	[ "$listed" = "$want" ] && ok "$(basename "$sums") lists every zip and $manifest" ||
		fail "$(basename "$sums") lists: $(echo $listed); want: $(echo $want)"
	grep -v " $manifest\$" "$sums" >"$work/zips.sums"
	(cd "$dist" && sha256sum --quiet -c "$work/zips.sums") && ok "zip hashes match" || fail "zip hashes in $(basename "$sums")"
	got=$(awk -v m="$manifest" '$2 == m {print $1}' "$sums")
	[ "$got" = "$(sha256sum <"$root/terraform-registry-manifest.json" | awk '{print $1}')" ] &&
		ok "$manifest hash is terraform-registry-manifest.json's" || fail "$manifest hash '$got'"
	if [ -f "$sums.sig" ]; then ok "$(basename "$sums").sig present"; else echo "note $(basename "$sums") is not signed (a snapshot with --skip=sign)"; fi
fi

# The binary inside each zip.
for z in "${zips[@]}"; do
	binary="${project}_v${version}"
	[[ $z == *_windows_* ]] && binary="$binary.exe"
	entries=$(unzip -Z1 "$dist/$z")
	if ! grep -qxF "$binary" <<<"$entries"; then
		fail "$z holds no $binary (entries: $(echo $entries))"
		continue
	fi
	others=$(grep -v -xF "$binary" <<<"$entries" | grep "^$project" || true)
	[ -z "$others" ] || fail "$z holds other provider binaries: $others"
	unzip -q -o "$dist/$z" "$binary" -d "$work/$z"
	# -trimpath keeps -ldflags out of the build information, so look for the version string itself.
	if grep -aqF -- "$version" "$work/$z/$binary"; then
		ok "$z: $binary (holds its version, from -X main.version)"
	else
		fail "$z: $binary does not hold $version (-X main.version)"
	fi
done

echo "release-verify: version $version, ${#zips[@]} archives, $failures failures"
[ "$failures" -eq 0 ]
