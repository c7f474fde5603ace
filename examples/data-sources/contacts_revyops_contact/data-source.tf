# By email (letter case does not matter)...
data "contacts_revyops_contact" "by_email" {
  email = "ada@example.com"
}

# ...or by id.
data "contacts_revyops_contact" "by_id" {
  id = "4021"
}

output "ada_last_reply" {
  value = data.contacts_revyops_contact.by_email.last_reply_received
}

output "ada_custom_fields" {
  value = data.contacts_revyops_contact.by_id.custom_fields
}
