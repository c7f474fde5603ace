# Terraform 1.12+: import by the contact's identity.
import {
  to = contacts_maildiver_contact.ada
  identity = {
    audience_id = "01959b50-eda7-7597-acb1-cfeffdd53400"
    id          = "01959faf-16e2-77dd-9585-cd25da58855e"
  }
}
