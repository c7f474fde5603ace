# The configuration the GitOps examples plan and apply: copy this folder into your repository as
# contacts/ (the workflow and atlantis.yaml look there), with a backend that stores the state remotely
# and locks it, since pull requests and merges run Terraform concurrently. For example:
#
#   backend "s3" {
#     bucket       = "my-terraform-state"
#     key          = "contacts/terraform.tfstate"
#     region       = "eu-west-1"
#     use_lockfile = true
#   }
terraform {
  required_providers {
    contacts = {
      source = "contacts-provider/contacts"
    }
  }
}

# Credentials come from the environment (MAILDIVER_API_KEY, BLAND_API_KEY, REVYOPS_API_KEY or
# REVYOPS_CLIENT_ID, CORPORATEMERCH_API_TOKEN), set from the CI system's secrets.
provider "contacts" {}

resource "contacts_maildiver_contact" "ada" {
  audience_id = "01959b50-eda7-7597-acb1-cfeffdd53400"
  email       = "ada@example.com"
  first_name  = "Ada"
  last_name   = "Lovelace"
}
