# By phone number, email or external id (Bland's find endpoint)...
data "contacts_bland_contact" "by_phone" {
  phone_number = "+14155550192"
}

# ...or by id.
data "contacts_bland_contact" "by_id" {
  id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
}

output "sarah_source" {
  # metadata is the contact's whole metadata object, as JSON.
  value = jsondecode(data.contacts_bland_contact.by_phone.metadata).source
}
