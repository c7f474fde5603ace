# Every contact of one audience (terraform query, Terraform 1.14+). With -generate-config-out,
# Terraform writes a resource and an import block for each.
list "contacts_maildiver_contact" "newsletter" {
  provider         = contacts
  include_resource = true

  config {
    audience_id    = "01959b50-eda7-7597-acb1-cfeffdd53400"
    email_contains = "@example.com" # optional: filtered by the provider
  }
}
