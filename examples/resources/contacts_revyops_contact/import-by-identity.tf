# Terraform 1.12+: import by the contact's identity (RevyOps ids are numbers).
import {
  to = contacts_revyops_contact.ada
  identity = {
    id = 4021
  }
}
