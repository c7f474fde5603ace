# Terraform 1.12+: import by the contact's identity (Corporate Merch ids are numbers).
import {
  to = contacts_corporatemerch_contact.ada
  identity = {
    id = 1234
  }
}
