package main

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseOptions(t *testing.T) {
	o, err := parseOptions(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.sizes, []int{100, 1000, 3000}) || o.reps != 3 || !slices.Equal(o.scenarios, allScenarios) ||
		o.cmContacts != 500 || o.autoAudience != 10000 || o.autoManaged != 5 || o.strict {
		t.Fatalf("defaults: %+v", o)
	}
	o, err = parseOptions([]string{"-sizes", " 100, 1000", "-reps", "1", "-scenarios", "auto,maildiver,auto", "-strict"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.sizes, []int{100, 1000}) || o.reps != 1 || !slices.Equal(o.scenarios, []string{"auto", "maildiver"}) || !o.strict {
		t.Fatalf("got %+v", o)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-sizes", "0"}, "-sizes"},
		{[]string{"-sizes", "20000"}, "-sizes"},
		{[]string{"-sizes", ""}, "-sizes: name at least one"},
		{[]string{"-sizes", "", "-scenarios", "auto"}, ""},
		{[]string{"-reps", "0"}, "-reps"},
		{[]string{"-reps", "21"}, "-reps"},
		{[]string{"-scenarios", "bland"}, "unknown scenario"},
		{[]string{"-scenarios", ","}, "at least one"},
		{[]string{"-auto-managed", "11", "-auto-audience", "10"}, "-auto-managed"},
		{[]string{"-auto-audience", "1000000"}, "-auto-audience"},
		{[]string{"-cm-contacts", "0"}, "-cm-contacts"},
		{[]string{"-timeout", "10s"}, "-timeout"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		_, err := parseOptions(c.args, io.Discard)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v", c.args, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: error %v, want one with %q", c.args, err, c.want)
		}
	}
}
