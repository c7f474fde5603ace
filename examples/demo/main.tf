# The demo `make demo` applies against the mock vendor APIs: one file per vendor beside this one.
# Credentials and base URLs come from the environment (MAILDIVER_API_KEY, MAILDIVER_BASE_URL, ...), as
# they would in a CI pipeline.
terraform {
  required_providers {
    contacts = {
      source = "contacts-provider/contacts"
    }
  }
}

provider "contacts" {}
