#!/usr/bin/env bash
# Writes a Terraform/OpenTofu CLI configuration to $1 whose dev_overrides point the provider
# contacts-provider/contacts at the directory $2 (which holds a built terraform-provider-contacts).
# Both registries' addresses are listed so the same file serves Terraform and OpenTofu.
set -euo pipefail
cat >"$1" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/contacts-provider/contacts" = "$2"
    "registry.opentofu.org/contacts-provider/contacts" = "$2"
  }
  direct {}
}
CFG
