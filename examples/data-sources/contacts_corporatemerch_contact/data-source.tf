data "contacts_corporatemerch_contact" "ada" {
  id = "1234"
}

output "ada_shirt_size" {
  value = data.contacts_corporatemerch_contact.ada.shirt_size
}
