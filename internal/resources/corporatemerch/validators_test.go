package corporatemerch

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCodeTables(t *testing.T) {
	if n := len(countryCodes); n != 249 {
		t.Errorf("%d ISO 3166-1 alpha-2 codes, want the 249 officially assigned", n)
	}
	if n := len(usStateCodes); n != 60 {
		t.Errorf("%d US codes, want 60 (50 states, DC, 6 territories, 3 armed forces codes)", n)
	}
	if n := len(canadianProvinceCodes); n != 13 {
		t.Errorf("%d Canadian codes, want 13 (10 provinces, 3 territories)", n)
	}
	for c := range countryCodes {
		if len(c) != 2 || strings.ToUpper(c) != c {
			t.Errorf("country code %q is not two upper-case letters", c)
		}
	}
}

func TestCheckCountry(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" = accepted; else a part of the error
	}{
		{"US", ""}, {"CA", ""}, {"DE", ""}, {"GB", ""}, {"AX", ""}, {"SS", ""}, {"BQ", ""},
		{"UK", "the United Kingdom is GB"},
		{"EL", "Greece is GR"},
		{"XK", "Kosovo has no ISO 3166-1 code"},
		{"ZZ", `"ZZ" is not an ISO 3166-1 alpha-2 country code`},
		{"us", `in upper case: "US"`},
		{"USA", "is not an ISO 3166-1 alpha-2"},
		{"", "is not an ISO 3166-1 alpha-2"},
	}
	for _, tc := range cases {
		err := checkCountry(tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q refused: %v", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: got %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestCheckStateForCountry(t *testing.T) {
	cases := []struct {
		country, state string
		want           string
	}{
		{"US", "NY", ""}, {"US", "DC", ""}, {"US", "PR", ""}, {"US", "AE", ""},
		{"US", "XX", `state "XX" is not a US state code (country is US): use one of AA, AE, AK, AL,`},
		{"US", "ny", "is not a US state code"},
		{"US", "New York", "is not a US state code"},
		{"CA", "ON", ""}, {"CA", "YT", ""},
		{"CA", "NY", `state "NY" is not a Canadian province or territory code (country is CA): use one of AB, BC, MB, NB, NL, NS, NT, NU, ON, PE, QC, SK, YT`},
		{"CA", "Ontario", "Canadian province"},
		{"DE", "Bavaria", ""}, {"DE", "NY", ""}, {"GB", "x", ""},
		// An invalid country is the country attribute's error; the state is not judged against it.
		{"UK", "London", ""},
	}
	for _, tc := range cases {
		err := checkStateForCountry(tc.country, tc.state)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s/%s refused: %v", tc.country, tc.state, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s/%s: got %v, want an error containing %q", tc.country, tc.state, err, tc.want)
		}
	}
}

func TestCheckDate(t *testing.T) {
	for in, ok := range map[string]bool{
		"1990-01-15": true, "2024-02-29": true, "2000-02-29": true, "0001-01-01": true,
		"2023-02-29": false, "1900-02-29": false, "2024-04-31": false, "2024-13-01": false, "2024-00-10": false,
		"2024-1-5": false, "24-01-05": false, "2024/01/15": false, "15.01.2024": false, "2024-01-15T00:00:00Z": false,
		" 2024-01-15": false, "": false, "２０２４-01-15": false,
	} {
		if err := checkDate(in); (err == nil) != ok {
			t.Errorf("checkDate(%q) = %v, want accepted=%v", in, err, ok)
		}
	}
}

// The validators name the attribute and the rule, and skip null and unknown values.
func TestStringRuleMessages(t *testing.T) {
	run := func(v validator.String, attr string, value types.String) string {
		var resp validator.StringResponse
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root(attr), ConfigValue: value}, &resp)
		if !resp.Diagnostics.HasError() {
			return ""
		}
		return resp.Diagnostics[0].Detail()
	}
	if got := run(calendarDate(), "birthday", types.StringValue("2023-02-29")); got !=
		`birthday must be a real calendar date written yyyy-mm-dd: "2023-02-29" is not a real calendar date.` {
		t.Errorf("date message %q", got)
	}
	if got := run(countryCode(), "country", types.StringValue("UK")); !strings.HasPrefix(got, `country must be a 2-letter ISO 3166-1 country code in upper case: "UK"`) {
		t.Errorf("country message %q", got)
	}
	if got := run(notBlank(), "city", types.StringValue(" ")); !strings.HasPrefix(got, `city must not be empty or only spaces: got " "`) {
		t.Errorf("blank message %q", got)
	}
	for _, v := range []validator.String{calendarDate(), countryCode(), notBlank()} {
		if got := run(v, "x", types.StringNull()) + run(v, "x", types.StringUnknown()); got != "" {
			t.Errorf("null or unknown refused: %q", got)
		}
	}
}
