package corporatemerch

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// The plan-time checks that mirror Corporate Merch's documented rules (seed page) where the framework's
// validators are not enough. Each is no stricter than the rule it mirrors; each message names the
// attribute (the framework adds the path) and the rule.

// countryCodes are the 249 officially assigned ISO 3166-1 alpha-2 codes (seed: "The 2-letter ISO
// country code (e.g., US, CA, DE)"). Codes are taken as the seed writes them, in upper case.
var countryCodes = codes(
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
	"BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ",
	"CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
	"DE", "DJ", "DK", "DM", "DO", "DZ",
	"EC", "EE", "EG", "EH", "ER", "ES", "ET",
	"FI", "FJ", "FK", "FM", "FO", "FR",
	"GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
	"HK", "HM", "HN", "HR", "HT", "HU",
	"ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
	"JE", "JM", "JO", "JP",
	"KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
	"LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
	"MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
	"NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
	"OM",
	"PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY",
	"QA",
	"RE", "RO", "RS", "RU", "RW",
	"SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ",
	"TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
	"UA", "UG", "UM", "US", "UY", "UZ",
	"VA", "VC", "VE", "VG", "VI", "VN", "VU",
	"WF", "WS",
	"YE", "YT",
	"ZA", "ZM", "ZW",
)

// countryHints name the ISO code for codes people often write instead.
var countryHints = map[string]string{
	"UK": "the United Kingdom is GB",
	"EL": "Greece is GR",
	"XK": "Kosovo has no ISO 3166-1 code",
}

// usStateCodes: the seed asks for "a valid 2-letter US state code (e.g., NY, CA, TX)" without a list.
// So as to be no stricter than the vendor, every code the US postal service uses as a state is taken:
// the 50 states, DC, the inhabited territories, the Minor Outlying Islands and the armed forces codes.
var usStateCodes = codes(
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
	"LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
	"OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
	"DC",
	"AS", "GU", "MP", "PR", "VI", "UM",
	"AA", "AE", "AP",
)

// canadianProvinceCodes: Canada's 10 provinces and 3 territories (seed: "a valid 2-letter Canadian
// province/territory code (e.g., ON, BC, AB)").
var canadianProvinceCodes = codes("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")

func codes(cs ...string) map[string]bool {
	out := make(map[string]bool, len(cs))
	for _, c := range cs {
		out[c] = true
	}
	return out
}

func sortedCodes(set map[string]bool) string {
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// checkCountry accepts an upper-case ISO 3166-1 alpha-2 code.
func checkCountry(s string) error {
	if countryCodes[s] {
		return nil
	}
	if up := strings.ToUpper(strings.TrimSpace(s)); countryCodes[up] {
		return fmt.Errorf("%q must be written as the seed's codes are, in upper case: %q", s, up)
	}
	msg := fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code such as US, CA or DE", s)
	if hint, ok := countryHints[strings.ToUpper(s)]; ok {
		msg += " (" + hint + ")"
	}
	return fmt.Errorf("%s", msg)
}

// checkStateForCountry is the seed's state rule, which follows the country: a US state code for US, a
// Canadian province or territory code for CA, any non-blank text elsewhere (blank text is refused by
// the state attribute's own validator).
func checkStateForCountry(country, state string) error {
	switch country {
	case "US":
		if !usStateCodes[state] {
			return fmt.Errorf("state %q is not a US state code (country is US): use one of %s", state, sortedCodes(usStateCodes))
		}
	case "CA":
		if !canadianProvinceCodes[state] {
			return fmt.Errorf("state %q is not a Canadian province or territory code (country is CA): use one of %s",
				state, sortedCodes(canadianProvinceCodes))
		}
	}
	return nil
}

var dateShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkDate accepts a real calendar date written yyyy-mm-dd (seed format, e.g. 1990-01-15).
func checkDate(s string) error {
	if !dateShape.MatchString(s) {
		return fmt.Errorf("%q is not written yyyy-mm-dd, e.g. 1990-01-15", s)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("%q is not a real calendar date", s)
	}
	return nil
}

func countryCode() validator.String {
	return validate.Check("must be a 2-letter ISO 3166-1 country code in upper case", checkCountry)
}

func calendarDate() validator.String {
	return validate.Check("must be a real calendar date written yyyy-mm-dd", checkDate)
}

// notBlank refuses text that is empty or only spaces: Corporate Merch takes it as no value (assumed, as
// for a required field), so a required field would be refused and an optional one would come back
// unset, a perpetual diff. Leave an optional argument out instead.
func notBlank() validator.String {
	return validate.NotBlank("leave the argument out instead, Corporate Merch stores blank text as no value")
}
