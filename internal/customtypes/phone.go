package customtypes

import (
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// nanpDigits is the length of a number written without a country code: a US number without its
// leading 1 (Bland reads such numbers as US numbers: documented for the numbers it calls).
const nanpDigits = 10

// NormalizePhoneNumber returns a Bland phone number in E.164 form ("+14155550192"), the form in which
// two numbers are the same. Bland documents this reading for the numbers it calls (country code
// defaults to +1; "formatting is flexible"; letters and extensions are invalid, and so are
// "12223334444" and "552223334444"); that its contacts read numbers the same way is assumed.
//
//   - Surrounding whitespace is trimmed.
//   - Only ASCII digits, spaces, dashes, dots and parentheses are allowed, and a plus sign only first.
//   - With a leading +, the number is read with its country code by libphonenumber, which also drops
//     a national trunk prefix written in parentheses: "+44 (0)20 7946 0018" is +442079460018.
//   - Without a leading +, the number must have exactly 10 digits and is a US number: "(415) 555-0192"
//     is +14155550192. Other numbers without a country code ("14155550192", "020 7946 0018") are
//     refused, as Bland refuses them.
//
// The error says which rule the text breaks.
func NormalizePhoneNumber(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", fmt.Errorf("%q is empty", s)
	}
	digits := 0
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", fmt.Errorf("%q has %q: a phone number may hold only digits, spaces, dashes, dots, parentheses "+
				"and a leading +, without letters or an extension", s, r)
		}
	}
	international := strings.HasPrefix(t, "+")
	if !international {
		if digits != nanpDigits {
			return "", fmt.Errorf("%q has no country code (no leading +) and is not a 10-digit US number: write it "+
				"with its country code, such as +14155550192", s)
		}
		t = "+1" + t
	}
	n, err := phonenumbers.Parse(t, "")
	if err != nil {
		return "", fmt.Errorf("%q is not a phone number with a known country code (%v)", s, err)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}
