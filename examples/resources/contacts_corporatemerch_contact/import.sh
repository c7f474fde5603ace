# A Corporate Merch contact is imported by its id.
terraform import contacts_corporatemerch_contact.ada 1234
