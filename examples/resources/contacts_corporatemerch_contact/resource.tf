# An employee in the US: the state must be a US state code.
resource "contacts_corporatemerch_contact" "ada" {
  first_name   = "Ada"
  last_name    = "Lovelace"
  email        = "ada@example.com"
  contact_type = "employee"

  country     = "US"
  address     = "1 Analytical Way"
  address2    = "Suite 5"
  city        = "Springfield"
  state       = "IL"
  postal_code = "62701"

  shirt_size       = "SM"
  birthday         = "1990-12-10"
  start_date       = "2024-01-15"
  anniversary_date = "2018-06-20"
  job_title        = "Programmer"
  department       = "Research"
  employment_type  = "Full-Time"

  lists  = [1, 2] # ids of lists that exist in Corporate Merch
  labels = [3]
}

# A client abroad: outside the US and Canada the state is any text, and one address line is enough.
resource "contacts_corporatemerch_contact" "grete" {
  first_name     = "Grete"
  last_name      = "Herrmann"
  email          = "grete@example.de"
  contact_type   = "client"
  client_since   = "2020-03-01"
  classification = "VIP"

  country     = "DE"
  address     = "Marienplatz 8"
  city        = "Munich"
  state       = "Bavaria"
  postal_code = "80331"
}
