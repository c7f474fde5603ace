package differential

import (
	"strings"
)

// Edge values, by kind. Each list is a kind of value that showed a disagreement once or borders one
// (issue 9's differential run): the next value of the same kind is one more line.
var (
	// Blanks and surrounding whitespace.
	blanks = []string{"", " ", "\t", "\n", "  \t ", "\u00a0"}

	// Texts that every free-text field takes.
	texts = []string{"Ada", " Ada", "Ada ", "Ada Lovelace", "İnci", "Ünal", "名前", "😀", "👩‍💻", "a\u0301", "O'Brien", "<b>x</b>", "a,b;c"}

	emails = []string{
		"ada@example.com", "ADA@Example.COM", "İnci@example.com", "ſ@example.com", "ΣΑΣ@example.com",
		" ada@example.com", "ada@example.com ", "\tada@example.com\n",
		"ada+tag@mail.example.co.uk", "a@b", "a@[127.0.0.1]", "ada@bücher.de", "用户@例子.广告",
		`"ada"@example.com`, `"ada lovelace"@example.com`, "ada@example.com.", "ada.@example.com", "a..b@example.com",
		"Ada <ada@example.com>", "<ada@example.com>", "ada@example.com (Ada)", "ada@@example.com",
		"ada", "@example.com", "ada@", "ada@exa mple.com", "ada example@example.com", "",
		strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 65) + "@example.com",
		"a@" + strings.Repeat("b", 63) + ".com", "a@" + strings.Repeat("b", 64) + ".com",
	}

	dates = []string{
		"2024-01-15", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-1-5",
		"24-01-15", "2024/01/15", "15-01-2024", " 2024-01-15", "2024-01-15 ", "2024-01-15T00:00:00Z", "0001-01-01",
		"9999-12-31", "２０２４-01-15",
	}

	countries = []string{"US", "CA", "DE", "GB", "us", " US", "US ", "UK", "EL", "XK", "USA", "U", "ÜS", "ZZ", "AQ"}

	phones = []string{
		"+14155550192", "+1 415-555-0192", "+1 (415) 555-0192", " +14155550192 ", "+1.415.555.0192",
		"(415) 555-0192", "415-555-0192", "4155550192", "415.555.0192", "14155550192", "552223334444",
		"+442079460018", "+44 (0)20 7946 0018", "020 7946 0018", "+61 2 2333 4444", "+91223334444",
		"+14155550192 ext. 12", "+1 415 555 0192 x12", "1-800-FLOWERS", "+1/415/555/0192", "41+55550192",
		"+999 1234", "+1 2", "+", "()", "＋１４１５５５５０１９２", "+1\t415 555 0192",
	}

	domains = []string{
		"acme.com", "ACME.COM", " acme.com", "acme.com ", "acme.com.", " Acme.Com. ", "initech.com",
		"https://acme.com", "acme.com/about", "ada@acme.com", "acme", "acme..com", "-acme.com", "acme.com..",
	}
)

// lengths gives strings of n characters of r, around the limit (in characters, not bytes).
func lengths(limit int, runes ...string) []string {
	var out []string
	for _, r := range runes {
		for _, n := range []int{1, limit - 1, limit, limit + 1} {
			if n > 0 {
				out = append(out, strings.Repeat(r, n))
			}
		}
	}
	return out
}

func rowsOf(vendor string, attrs []string, values []string) []row {
	var out []row
	for _, a := range attrs {
		for _, v := range values {
			out = append(out, row{vendor: vendor, attr: a, value: v})
		}
	}
	return out
}

func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// edgeRows is every edge value of every constrained attribute of the four resources.
func edgeRows() []row {
	var rows []row
	add := func(rs ...row) { rows = append(rows, rs...) }

	// MailDiver: ids are UUIDs (documented), names 1-100 characters (seed), email (assumed rule).
	add(rowsOf("maildiver", []string{"audience_id"}, join(blanks, []string{
		"01959b50-eda7-7597-acb1-cfeffdd53400", " 01959b50-eda7-7597-acb1-cfeffdd53400",
		"01959B50-EDA7-7597-ACB1-CFEFFDD53400", "01959b50eda77597acb1cfeffdd53400", "demo", "01959b50-eda7-7597-acb1-cfeffdd5340",
	}))...)
	add(rowsOf("maildiver", []string{"email"}, join(blanks, emails))...)
	add(rowsOf("maildiver", []string{"first_name", "last_name"}, join(blanks, texts, lengths(100, "a", "é", "😀", "名")))...)

	// Bland: identifiers (assumed rules), name, metadata (seed: an object).
	add(rowsOf("bland", []string{"phone_number"}, join(blanks, phones))...)
	add(rowsOf("bland", []string{"email"}, join(blanks, emails))...)
	add(rowsOf("bland", []string{"external_id"}, join(blanks, texts, []string{"crm-1", "crm-1 ", " crm-1", "CRM-1"}))...)
	add(rowsOf("bland", []string{"name"}, join(blanks, texts))...)
	add(rowsOf("bland", []string{"metadata"}, []string{
		`{}`, `{"a":1}`, `{"a":{"b":null}}`, `{"a":null}`, `[]`, `"x"`, `1`, `null`, `{"a":1`, ``,
	})...)

	// RevyOps: email (unique, documented; rule assumed), free text, company domain, custom fields.
	add(rowsOf("revyops", []string{"email"}, join(blanks, emails))...)
	add(rowsOf("revyops", []string{"first_name", "last_name", "linkedin_url", "origin", "contact_status"}, join(blanks, texts))...)
	add(rowsOf("revyops", []string{"company_domain"}, join(blanks, domains))...)
	for _, id := range []int64{1, 2, 0, -1} {
		add(row{vendor: "revyops", attr: "company_id", value: id})
	}
	for _, k := range join(blanks, []string{"tier", " tier", "tier ", "Tier", "İ", "a.b", strings.Repeat("k", 300)}) {
		add(row{vendor: "revyops", attr: "custom_fields", value: map[string]string{k: "gold"}})
	}
	for _, v := range join(blanks, texts, lengths(2500, "v", "é", "😀")) {
		add(row{vendor: "revyops", attr: "custom_fields", value: map[string]string{"tier": v}})
	}

	// Corporate Merch: the seed's rules.
	cmText := []string{"first_name", "last_name", "city", "postal_code", "address", "address2", "phone", "company",
		"department", "job_title", "employment_status", "employment_type", "classification"}
	add(rowsOf("corporatemerch", cmText, join(blanks, texts))...)
	add(rowsOf("corporatemerch", []string{"email"}, join(blanks, emails))...)
	add(rowsOf("corporatemerch", []string{"birthday", "start_date", "anniversary_date", "client_since"}, join(blanks, dates))...)
	add(rowsOf("corporatemerch", []string{"gender"}, []string{"male", "female", "Male", " male", "other", ""})...)
	add(rowsOf("corporatemerch", []string{"shirt_size"}, []string{"XS", "SM", "MD", "LG", "XL", "2XL", "3XL", "xs", "S", "M", "XXL", "4XL", ""})...)
	add(rowsOf("corporatemerch", []string{"contact_type"}, []string{"employee", "client", "Employee", " client", "vendor", ""})...)
	for _, c := range join(blanks, countries) {
		// A country outside US and CA, so that the state rule does not apply.
		add(row{vendor: "corporatemerch", attr: "country", value: c, with: map[string]any{"state": "Bavaria"}})
	}
	for _, st := range []struct {
		country string
		states  []string
	}{
		{"US", []string{"NY", "IL", "DC", "PR", "AA", "ny", " NY", "XX", "ON", "New York", ""}},
		{"CA", []string{"ON", "QC", "YT", "on", "NY", "Ontario", ""}},
		{"DE", []string{"Bavaria", "BY", "x", " ", ""}},
	} {
		for _, s := range st.states {
			add(row{vendor: "corporatemerch", attr: "state", value: s, with: map[string]any{"country": st.country}})
		}
	}
	// address and address2: at least one (seed).
	add(row{vendor: "corporatemerch", attr: "address", value: nil, with: map[string]any{"address2": "Suite 5"}})
	add(row{vendor: "corporatemerch", attr: "address", value: nil})
	for _, ids := range [][]int64{{}, {1}, {1, 2, 3}, {2147483647}, {2147483648}, {-2147483648}, {-2147483649}} {
		add(row{vendor: "corporatemerch", attr: "lists", value: ids})
		add(row{vendor: "corporatemerch", attr: "labels", value: ids})
	}
	return rows
}
