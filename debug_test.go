package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"

	"github.com/contacts-provider/terraform-provider-contacts/internal/acctest"
)

func TestReattachValue(t *testing.T) {
	config := &plugin.ReattachConfig{
		Protocol:        plugin.ProtocolGRPC,
		ProtocolVersion: 6,
		Pid:             4242,
		Test:            true,
		Addr:            &net.UnixAddr{Net: "unix", Name: "/tmp/plugin123"},
	}
	value, err := reattachValue(config, reattachAddresses)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]reattachEntry
	if err := json.Unmarshal([]byte(value), &got); err != nil {
		t.Fatalf("%s: %v", value, err)
	}
	want := reattachEntry{Protocol: "grpc", ProtocolVersion: 6, Pid: 4242, Test: true, Addr: reattachAddr{Network: "unix", String: "/tmp/plugin123"}}
	for _, a := range []string{"registry.terraform.io/contacts-provider/contacts", "registry.opentofu.org/contacts-provider/contacts"} {
		if got[a] != want {
			t.Errorf("entry %s = %+v, want %+v", a, got[a], want)
		}
	}
	if len(got) != 2 {
		t.Errorf("%d entries, want 2: %s", len(got), value)
	}
	if _, err := reattachValue(&plugin.ReattachConfig{}, reattachAddresses); err == nil {
		t.Error("a configuration without an address gave no error")
	}
}

// TestDebugModeReattach starts the built provider with -debug, its vendor variables pointing at a mock,
// and applies a contact with the engine through the TF_REATTACH_PROVIDERS value it prints, with no
// credentials in the configuration or the engine's environment and no provider binary for the engine
// to start: the same value works for Terraform and OpenTofu.
func TestDebugModeReattach(t *testing.T) {
	tf := acctest.NeedEngine(t, "0.0.0", false)
	bin := filepath.Join(acctest.ProviderDir(t), "terraform-provider-contacts")
	m := acctest.NewMock(t)

	cmd := exec.Command(bin, "-debug")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "MAILDIVER_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "MAILDIVER_API_KEY="+acctest.APIKey, "MAILDIVER_BASE_URL="+m.MailDiverBaseURL())
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT) // as Ctrl-C would; Wait below says whether it worked
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("the provider in debug mode did not stop cleanly on SIGINT: %v", err)
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("the provider in debug mode was still running 10 s after SIGINT")
		}
	})

	// The value is sent once; the rest of stdout is read and dropped so the provider never blocks on it.
	values := make(chan string, 1)
	go func() {
		defer close(values)
		scanner := bufio.NewScanner(stdout)
		sent := false
		for scanner.Scan() {
			if v, ok := strings.CutPrefix(strings.TrimSpace(scanner.Text()), "TF_REATTACH_PROVIDERS='"); ok && !sent {
				values <- strings.TrimSuffix(v, "'")
				sent = true
			}
		}
	}()
	var value string
	select {
	case v, ok := <-values:
		if !ok {
			t.Fatal("the provider in debug mode printed no TF_REATTACH_PROVIDERS line")
		}
		value = v
	case <-time.After(30 * time.Second):
		t.Fatal("no TF_REATTACH_PROVIDERS line within 30 s")
	}

	work := t.TempDir()
	config := fmt.Sprintf(`terraform {
  required_providers {
    contacts = { source = "contacts-provider/contacts" }
  }
}

provider "contacts" {}

resource "contacts_maildiver_contact" "ada" {
  audience_id = %q
  email       = "ada.debug@example.com"
}
`, acctest.MailDiverAudienceID)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	// The engine's dev_overrides name an empty folder, so only the reattached process can serve.
	tf.RunEnv(t, work, t.TempDir(), map[string]string{"TF_REATTACH_PROVIDERS": value}, "apply", "-auto-approve", "-input=false")
	found := false
	for _, c := range m.Contacts("maildiver") {
		if c["email"] == "ada.debug@example.com" {
			found = true
		}
	}
	if !found {
		t.Errorf("after the apply through the debugged provider the mock holds no ada.debug@example.com")
	}
}
