# A Bland contact is imported by its id. Which metadata keys the configuration manages is not known
# until the first apply after the import, which writes the configured keys and touches no others.
terraform import contacts_bland_contact.sarah aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee
