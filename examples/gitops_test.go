// Package examples_test checks what the GitOps examples (examples/gitops/) promise, beyond what a YAML
// parser and actionlint see: the triggers, -lock-timeout on every plan and apply, the credentials under
// the provider's own environment variable names, and the keys Atlantis requires. The Terraform examples
// themselves are checked by scripts/examples-check.sh (terraform validate).
package examples_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/contacts-provider/terraform-provider-contacts/internal/provider"
)

// credentials is every environment variable the provider reads a secret from.
var credentials = []string{
	provider.EnvMailDiverAPIKey,
	provider.EnvBlandAPIKey,
	provider.EnvRevyOpsAPIKey,
	provider.EnvRevyOpsClientID,
	provider.EnvCorporateMerchAPIToken,
}

type workflow struct {
	On struct {
		PullRequest *struct {
			Paths []string `yaml:"paths"`
		} `yaml:"pull_request"`
		Push *struct {
			Branches []string `yaml:"branches"`
		} `yaml:"push"`
	} `yaml:"on"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		If          string            `yaml:"if"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestGitHubActionsWorkflow(t *testing.T) {
	var w workflow
	readYAML(t, "gitops/github-actions/terraform.yml", &w)

	if w.On.PullRequest == nil {
		t.Error("the workflow does not run on pull_request")
	}
	if w.On.Push == nil || !slices.Contains(w.On.Push.Branches, "main") {
		t.Error("the workflow does not run on push to main")
	}
	if w.Env["LOCK_TIMEOUT"] == "" {
		t.Error("the workflow sets no LOCK_TIMEOUT for -lock-timeout")
	}

	// want: per job, the terraform commands it must run, in order; those that lock the state must
	// pass -lock-timeout and get every credential from a secret of the same name.
	want := map[string]struct {
		on       string
		commands []string
		comment  bool
	}{
		"plan":  {on: "pull_request", commands: []string{"terraform fmt -check", "terraform init", "terraform validate", "terraform plan"}, comment: true},
		"apply": {on: "push", commands: []string{"terraform init", "terraform apply"}},
	}
	for name, wantJob := range want {
		job, ok := w.Jobs[name]
		if !ok {
			t.Errorf("no %s job", name)
			continue
		}
		if !strings.Contains(job.If, wantJob.on) {
			t.Errorf("job %s: if %q does not name %s", name, job.If, wantJob.on)
		}
		next := 0
		commented := false
		for _, step := range job.Steps {
			if strings.HasPrefix(step.Uses, "actions/github-script@") && strings.Contains(step.With["script"], "createComment") {
				commented = true
			}
			if next < len(wantJob.commands) && strings.Contains(step.Run, wantJob.commands[next]) {
				cmd := wantJob.commands[next]
				next++
				if cmd == "terraform plan" || cmd == "terraform apply" || cmd == "terraform init" {
					if !strings.Contains(step.Run, "-lock-timeout") {
						t.Errorf("job %s: %q runs without -lock-timeout", name, cmd)
					}
				}
				if cmd == "terraform plan" || cmd == "terraform apply" {
					for _, env := range credentials {
						if got, want := step.Env[env], "${{ secrets."+env+" }}"; got != want {
							t.Errorf("job %s, %s: %s = %q, want %q", name, cmd, env, got, want)
						}
					}
				}
			}
		}
		if next < len(wantJob.commands) {
			t.Errorf("job %s: %q is missing or out of order", name, wantJob.commands[next])
		}
		if wantJob.comment && !commented {
			t.Errorf("job %s posts no comment (actions/github-script)", name)
		}
		if wantJob.comment && job.Permissions["pull-requests"] != "write" {
			t.Errorf("job %s cannot comment: permissions pull-requests is %q", name, job.Permissions["pull-requests"])
		}
	}
}

type atlantisStep struct {
	Run  string
	Name string // init, plan, apply
	Args []string
}

// UnmarshalYAML reads a step in any of Atlantis' forms: "init", {run: "..."} or {plan: {extra_args: [...]}}.
func (s *atlantisStep) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		s.Name = n.Value
		return nil
	}
	var m map[string]yaml.Node
	if err := n.Decode(&m); err != nil {
		return err
	}
	for k, v := range m {
		switch k {
		case "run":
			s.Run = v.Value
		default:
			s.Name = k
			var body struct {
				ExtraArgs []string `yaml:"extra_args"`
			}
			if err := v.Decode(&body); err != nil {
				return err
			}
			s.Args = body.ExtraArgs
		}
	}
	return nil
}

type atlantisConfig struct {
	Version  *int `yaml:"version"`
	Projects []struct {
		Name     string `yaml:"name"`
		Dir      string `yaml:"dir"`
		Workflow string `yaml:"workflow"`
	} `yaml:"projects"`
	Workflows map[string]map[string]struct {
		Steps []atlantisStep `yaml:"steps"`
	} `yaml:"workflows"`
}

func TestAtlantisConfig(t *testing.T) {
	var c atlantisConfig
	readYAML(t, "gitops/atlantis/atlantis.yaml", &c)

	if c.Version == nil {
		t.Fatal("no version, want 3")
	}
	if *c.Version != 3 {
		t.Fatalf("version is %d, want 3", *c.Version)
	}
	if len(c.Projects) == 0 {
		t.Fatal("no projects")
	}
	for _, p := range c.Projects {
		if p.Dir == "" {
			t.Errorf("project %q has no dir (required)", p.Name)
		}
		if _, err := os.Stat("gitops/" + p.Dir); err != nil {
			t.Errorf("project %q: dir %q is not beside the example: %v", p.Name, p.Dir, err)
		}
		wf, ok := c.Workflows[p.Workflow]
		if !ok {
			t.Errorf("project %q uses workflow %q, which atlantis.yaml does not define", p.Name, p.Workflow)
			continue
		}
		for stage, steps := range map[string][]string{"plan": {"init", "plan"}, "apply": {"apply"}} {
			for _, name := range steps {
				i := slices.IndexFunc(wf[stage].Steps, func(s atlantisStep) bool { return s.Name == name })
				if i < 0 {
					t.Errorf("workflow %q: %s has no %s step", p.Workflow, stage, name)
					continue
				}
				if !slices.ContainsFunc(wf[stage].Steps[i].Args, func(a string) bool { return strings.HasPrefix(a, "-lock-timeout=") }) {
					t.Errorf("workflow %q: the %s step runs without -lock-timeout", p.Workflow, name)
				}
			}
		}
	}
}
