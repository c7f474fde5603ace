// Command terraform-provider-contacts serves the contacts provider to Terraform or OpenTofu.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/contacts-provider/terraform-provider-contacts/internal/gcpolicy"
	"github.com/contacts-provider/terraform-provider-contacts/internal/protoserver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/provider"
	"github.com/contacts-provider/terraform-provider-contacts/internal/sdklog"
)

// version is set by the release build (goreleaser ldflags: -X main.version=...).
var version = "dev"

// address is the provider's registry address, which Terraform uses to match the served provider.
const address = "registry.terraform.io/contacts-provider/contacts"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "serve the provider in debug mode (for a debugger such as delve): print a TF_REATTACH_PROVIDERS value for Terraform and OpenTofu, and serve until Ctrl-C")
	flag.Parse()

	// Under Terraform with no log level asked for, every line the SDK writes is parsed by Terraform and
	// thrown away; with -debug the lines go to the developer's terminal, so they stay.
	if !debug {
		for name, value := range sdklog.LevelsOff(os.Environ()) {
			if err := os.Setenv(name, value); err != nil {
				log.Fatal(err.Error())
			}
		}
	}

	// Far fewer collections for a heap that stays small (see internal/gcpolicy), unless the user set
	// GOGC or GOMEMLIMIT.
	gcpolicy.Apply(os.Environ())

	// What providerserver.Serve does for protocol 6, with the framework's server wrapped so that it
	// does not keep every call's context (see internal/protoserver).
	srv, err := protoserver.NewProtocol6(provider.New(version)())()
	if err != nil {
		log.Fatal(err.Error())
	}
	if debug {
		if err := serveDebug(srv, os.Stdout); err != nil {
			log.Fatal(err.Error())
		}
		return
	}
	if err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return srv }); err != nil {
		log.Fatal(err.Error())
	}
}
