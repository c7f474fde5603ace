// Package differential holds the test that keeps the provider's plan-time validation and the vendors'
// own checks (as the mock API models them) in agreement: every edge value of every constrained
// attribute goes through both, and any disagreement that is not listed as deliberate, with its reason,
// fails the test. The two sides stay separate code: the provider's verdict comes from the resource
// schemas themselves (through the provider's protocol server, as Terraform validates a
// configuration), the vendor's from real requests to an in-process mock API.
package differential
