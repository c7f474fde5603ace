# A prospect whose company RevyOps resolves from its domain; company_id shows the result.
resource "contacts_revyops_contact" "ada" {
  email          = "ada@example.com"
  first_name     = "Ada"
  last_name      = "Lovelace"
  linkedin_url   = "https://www.linkedin.com/in/ada-lovelace"
  company_domain = "acme.com"

  # Only these custom fields are managed; fields set in RevyOps or by other tools are left alone.
  custom_fields = {
    tier   = "gold"
    region = "emea"
  }
}

# A contact in a known company, with its origin and status managed too.
resource "contacts_revyops_contact" "grace" {
  email          = "grace@example.com"
  first_name     = "Grace"
  company_id     = 1
  origin         = "conference"
  contact_status = "new"
}

output "ada_company_id" {
  value = contacts_revyops_contact.ada.company_id
}
