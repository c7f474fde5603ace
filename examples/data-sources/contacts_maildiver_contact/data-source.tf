# By email (letter case does not matter)...
data "contacts_maildiver_contact" "by_email" {
  audience_id = "01959b50-eda7-7597-acb1-cfeffdd53400"
  email       = "ada@example.com"
}

# ...or by id.
data "contacts_maildiver_contact" "by_id" {
  audience_id = "01959b50-eda7-7597-acb1-cfeffdd53400"
  id          = "01959faf-16e2-77dd-9585-cd25da58855e"
}

output "ada_is_subscribed" {
  value = data.contacts_maildiver_contact.by_email.is_subscribed
}
