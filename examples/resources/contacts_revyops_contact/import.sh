# A RevyOps contact is imported by its integer id...
terraform import contacts_revyops_contact.ada 4021

# ...or by its email address (looked up with the contacts list's email filter).
terraform import contacts_revyops_contact.ada email:ada@example.com
