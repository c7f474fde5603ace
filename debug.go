package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// reattachAddresses are the addresses the printed TF_REATTACH_PROVIDERS value gives the debugged
// provider: Terraform resolves `source = "contacts-provider/contacts"` under registry.terraform.io and
// OpenTofu under registry.opentofu.org, and each engine ignores an entry for a provider its
// configuration does not use, so one value serves both. (tf6server's own debug mode prints only the
// first, which OpenTofu never looks up.)
var reattachAddresses = []string{address, "registry.opentofu.org/contacts-provider/contacts"}

// reattachTimeout bounds how long the provider may take to start listening in debug mode.
const reattachTimeout = 10 * time.Second

// serveDebug serves srv in debug mode: it prints to out a TF_REATTACH_PROVIDERS value for Terraform
// and OpenTofu and serves until the process is interrupted (Ctrl-C) or terminated.
func serveDebug(srv tfprotov6.ProviderServer, out io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	configs := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(address, func() tfprotov6.ProviderServer { return srv },
			tf6server.WithDebug(ctx, configs, closed))
	}()

	var config *plugin.ReattachConfig
	select {
	case config = <-configs:
	case err := <-served:
		if err == nil {
			err = errors.New("it stopped without saying why")
		}
		return fmt.Errorf("the provider did not start in debug mode: %w", err)
	case <-time.After(reattachTimeout):
		return fmt.Errorf("the provider did not start listening within %s", reattachTimeout)
	}
	value, err := reattachValue(config, reattachAddresses)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(out, `Provider started in debug mode (pid %d). In the shell where you run terraform or tofu, set:

	TF_REATTACH_PROVIDERS='%s'

Terraform and OpenTofu then use this process instead of starting the provider (no init needed for
it). This process reads the vendor variables (MAILDIVER_API_KEY, MAILDIVER_BASE_URL, ...): set them
where it runs, not where terraform runs. Its log lines are written here. Ctrl-C stops it.
`, config.Pid, strings.ReplaceAll(value, `'`, `'"'"'`)); err != nil {
		return fmt.Errorf("writing the reattach value: %w", err)
	}
	if err := <-served; err != nil {
		return err
	}
	<-closed
	return nil
}

// reattachEntry is one provider's entry in TF_REATTACH_PROVIDERS, in the JSON shape Terraform and
// OpenTofu read (go-plugin's ReattachConfig holds a net.Addr, which does not encode as they expect).
type reattachEntry struct {
	Protocol        string
	ProtocolVersion int
	Pid             int
	Test            bool
	Addr            reattachAddr
}

type reattachAddr struct {
	Network string
	String  string
}

// reattachValue returns the TF_REATTACH_PROVIDERS JSON that attaches each of addresses to the provider
// process config describes.
func reattachValue(config *plugin.ReattachConfig, addresses []string) (string, error) {
	if config == nil || config.Addr == nil {
		return "", errors.New("the provider gave no address to reattach to")
	}
	entry := reattachEntry{
		Protocol:        string(config.Protocol),
		ProtocolVersion: config.ProtocolVersion,
		Pid:             config.Pid,
		Test:            config.Test,
		Addr:            reattachAddr{Network: config.Addr.Network(), String: config.Addr.String()},
	}
	entries := make(map[string]reattachEntry, len(addresses))
	for _, a := range addresses {
		entries[a] = entry
	}
	b, err := json.Marshal(entries)
	if err != nil {
		return "", fmt.Errorf("encoding the reattach value: %w", err)
	}
	return string(b), nil
}
