# The account's contacts with an email at example.com (terraform query, Terraform 1.14+).
list "contacts_bland_contact" "customers" {
  provider         = contacts
  include_resource = true
  limit            = 500

  config {
    email_contains = "@example.com" # optional: filtered by the provider
  }
}
