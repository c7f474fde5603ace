resource "contacts_maildiver_contact" "ada" {
  audience_id = "01959b50-eda7-7597-acb1-cfeffdd53400"
  email       = "ada@example.com"
  first_name  = "Ada"
  last_name   = "Lovelace"
}

# A contact who must not receive emails.
resource "contacts_maildiver_contact" "alan" {
  audience_id   = "01959b50-eda7-7597-acb1-cfeffdd53400"
  email         = "alan@example.com"
  is_subscribed = false
}
