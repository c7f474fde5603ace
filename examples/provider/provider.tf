# Every block is optional: configure the vendors you use. Credentials are best left to environment
# variables (MAILDIVER_API_KEY, BLAND_API_KEY, REVYOPS_API_KEY / REVYOPS_CLIENT_ID,
# CORPORATEMERCH_API_TOKEN), so no secret sits in the configuration or the plan.
provider "contacts" {
  # Provider-wide: retries on 429/502/503/504 and connection errors, and the per-attempt timeout.
  max_retries     = 4
  request_timeout = "30s"

  maildiver {
    api_key = var.maildiver_api_key
    # For a self-hosted MailDiver at example.com (API at https://api.example.com/v1):
    # domain = "example.com"
  }

  bland {} # BLAND_API_KEY from the environment

  revyops {
    # Some integrators reach RevyOps at https://app.revyops.com/api.
    base_url = "https://api.revyops.com"
  }

  corporatemerch {
    # Corporate Merch allows 40 requests a minute; the provider paces itself to that by default.
    requests_per_minute = 40
  }
}

variable "maildiver_api_key" {
  type      = string
  sensitive = true
}
