# Bland AI: contacts for voice agents. Bland has no delete endpoint, so `terraform destroy` only
# forgets these contacts (with a warning) and they stay at the mock, as they would at Bland.

resource "contacts_bland_contact" "callers" {
  for_each = {
    sarah = {
      phone_number = "+14155550192"
      email        = "Sarah.Chen@Example.com" # Bland lower-cases it; no diff follows
      name         = "Sarah Chen"
      metadata     = { source = "terraform", tier = "gold" }
    }
    omar = {
      phone_number = "+14155550193"
      email        = null
      name         = "Omar Haddad"
      metadata     = { source = "terraform", preferred_language = "ar" }
    }
  }

  phone_number = each.value.phone_number
  email        = each.value.email
  name         = each.value.name
  metadata     = jsonencode(each.value.metadata)
}

resource "contacts_bland_contact" "crm_only" {
  external_id = "crm-8821"
  metadata = jsonencode({
    account = { plan = "enterprise", seats = 40 }
  })
}

data "contacts_bland_contact" "sarah" {
  phone_number = contacts_bland_contact.callers["sarah"].phone_number
}

output "bland_contact_ids" {
  value = merge(
    { for k, c in contacts_bland_contact.callers : k => c.id },
    { crm_only = contacts_bland_contact.crm_only.id },
  )
}

output "sarah_metadata" {
  value = jsondecode(data.contacts_bland_contact.sarah.metadata)
}
