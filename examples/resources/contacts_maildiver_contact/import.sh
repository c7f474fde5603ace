# A MailDiver contact is imported by its audience id and contact id, separated by a slash.
terraform import contacts_maildiver_contact.ada 01959b50-eda7-7597-acb1-cfeffdd53400/01959faf-16e2-77dd-9585-cd25da58855e
