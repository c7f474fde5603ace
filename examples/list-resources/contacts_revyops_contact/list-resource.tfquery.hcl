# The workspace's contacts at one company (terraform query, Terraform 1.14+); RevyOps filters.
list "contacts_revyops_contact" "acme" {
  provider         = contacts
  include_resource = true

  config {
    domain = "acme.example" # optional; also email, first_name, last_name
  }
}
