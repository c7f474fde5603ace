#!/usr/bin/env bash
# Prints the registry host under which the engine at $1 addresses providers: OpenTofu resolves
# unqualified provider names under registry.opentofu.org, Terraform under registry.terraform.io.
# terraform-plugin-testing reads it from TF_ACC_PROVIDER_HOST so its in-process provider matches.
set -euo pipefail
if TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null | sed -n 1p | grep -q '^OpenTofu'; then
	echo registry.opentofu.org
else
	echo registry.terraform.io
fi
