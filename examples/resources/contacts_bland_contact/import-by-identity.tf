# Terraform 1.12+: import by the contact's identity.
import {
  to = contacts_bland_contact.ada
  identity = {
    id = "4b1a6f0e-2f5d-4c3e-9d7a-1f2e3d4c5b6a"
  }
}
