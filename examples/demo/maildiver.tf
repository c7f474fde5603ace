# MailDiver: newsletter contacts in the mock's seeded audience.

variable "audience_id" {
  description = "The MailDiver audience (the mock seeds this one, named Demo)."
  type        = string
  default     = "01959b50-eda7-7597-acb1-cfeffdd53400"
}

variable "grace_title_name" {
  description = "Grace's last name; the demo changes it to show an in-place update."
  type        = string
  default     = "Hopper"
}

locals {
  newsletter = {
    ada = {
      email      = "ada@example.com"
      first_name = "Ada"
      last_name  = "Lovelace"
    }
    grace = {
      email      = "Grace.Hopper@Example.com" # MailDiver lower-cases it; no diff follows
      first_name = "Grace"
      last_name  = var.grace_title_name
    }
    katherine = {
      email      = "katherine@example.com"
      first_name = "Katherine"
      last_name  = "Johnson"
    }
  }
}

resource "contacts_maildiver_contact" "newsletter" {
  for_each = local.newsletter

  audience_id = var.audience_id
  email       = each.value.email
  first_name  = each.value.first_name
  last_name   = each.value.last_name
}

resource "contacts_maildiver_contact" "unsubscribed" {
  audience_id   = var.audience_id
  email         = "alan@example.com"
  first_name    = "Alan"
  is_subscribed = false
}

data "contacts_maildiver_contact" "ada" {
  audience_id = var.audience_id
  email       = contacts_maildiver_contact.newsletter["ada"].email
}

output "maildiver_contact_ids" {
  value = { for k, c in contacts_maildiver_contact.newsletter : k => c.id }
}

output "ada_created_at" {
  value = data.contacts_maildiver_contact.ada.created_at
}
