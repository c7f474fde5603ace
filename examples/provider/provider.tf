provider "contacts" {
  # Provider-wide: retries on 429/502/503/504 and connection errors, and the per-attempt timeout.
  max_retries     = 4
  request_timeout = "30s"

  maildiver {
    # Prefer the MAILDIVER_API_KEY environment variable to a key in the configuration.
    api_key = var.maildiver_api_key
    # For a self-hosted MailDiver at example.com (API at https://api.example.com/v1):
    # domain = "example.com"
  }
}

variable "maildiver_api_key" {
  type      = string
  sensitive = true
}
