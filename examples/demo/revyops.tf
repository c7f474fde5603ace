# RevyOps: outbound sales prospects. The mock seeds company 1 with the domain acme.com.

resource "contacts_revyops_contact" "prospect" {
  email          = "linus@example.com"
  first_name     = "Linus"
  last_name      = "Torvalds"
  company_domain = "acme.com" # resolved by RevyOps to company_id 1; no diff follows

  custom_fields = {
    tier = "gold"
  }
}

resource "contacts_revyops_contact" "lead" {
  email          = "margaret@example.com"
  first_name     = "Margaret"
  last_name      = "Hamilton"
  contact_status = "new"
}

data "contacts_revyops_contact" "prospect" {
  email = contacts_revyops_contact.prospect.email
}

output "revyops_prospect_company_id" {
  value = contacts_revyops_contact.prospect.company_id
}

output "revyops_prospect_custom_fields" {
  value = data.contacts_revyops_contact.prospect.custom_fields
}
