# A contact identified by phone number and email. Destroying it does NOT delete it at Bland (there is
# no delete endpoint): it is only removed from the state, with a warning.
resource "contacts_bland_contact" "sarah" {
  phone_number = "+14155550192"
  email        = "sarah@example.com"
  name         = "Sarah Chen"

  # Only these keys are managed. Keys that Bland's calls and agents write are left alone and never
  # show as drift; the whole object is readable as metadata_all.
  metadata = jsonencode({
    source = "terraform"
    tier   = "gold"
  })
}

# Bland may already know this person (say from an inbound call). Without adopt_existing the apply
# fails with the existing contact's id and the import command; with it, the contact is adopted and
# only what is set here is changed.
resource "contacts_bland_contact" "caller" {
  phone_number   = "+14155550193"
  external_id    = "crm-8821"
  adopt_existing = true
}

output "sarah_call_count" {
  # A key written by Bland's calls, read from the whole metadata object.
  value = try(jsondecode(contacts_bland_contact.sarah.metadata_all).call_count, 0)
}
