# Corporate Merch: swag for an employee in the US and a client abroad. The mock seeds lists 1 2 3 and
# contact labels 1 2 3. The provider paces itself to Corporate Merch's 40 requests per minute.

resource "contacts_corporatemerch_contact" "employee" {
  first_name   = "Dorothy"
  last_name    = "Vaughan"
  email        = "Dorothy.Vaughan@Example.com" # Corporate Merch lower-cases it; no diff follows
  contact_type = "employee"

  country     = "US"
  address     = "1 Langley Blvd"
  city        = "Hampton"
  state       = "VA"
  postal_code = "23681"

  shirt_size       = "MD"
  start_date       = "2024-01-15"
  anniversary_date = "2019-06-20"
  job_title        = "Supervisor"
  lists            = [1, 3]
  labels           = [2]
}

resource "contacts_corporatemerch_contact" "client" {
  first_name     = "Grete"
  last_name      = "Herrmann"
  email          = "grete@example.de"
  contact_type   = "client"
  client_since   = "2020-03-01"
  classification = "VIP"

  country     = "DE"
  address2    = "Hinterhaus, 3. OG" # one address line is enough
  city        = "Munich"
  state       = "Bavaria" # any text outside the US and Canada
  postal_code = "80331"
}

data "contacts_corporatemerch_contact" "employee" {
  id = contacts_corporatemerch_contact.employee.id
}

output "corporatemerch_contact_ids" {
  value = {
    employee = contacts_corporatemerch_contact.employee.id
    client   = contacts_corporatemerch_contact.client.id
  }
}

output "corporatemerch_employee_lists" {
  value = data.contacts_corporatemerch_contact.employee.lists
}
