# The account's employees (terraform query, Terraform 1.14+). Pages are paced at the account's
# requests_per_minute, like every other request.
list "contacts_corporatemerch_contact" "employees" {
  provider         = contacts
  include_resource = true

  config {
    contact_type = "employee" # optional: filtered by the provider
  }
}
