package maildiver_test

import "github.com/hashicorp/terraform-plugin-testing/compare"

// compareEqual is compare.ValuesSame under a local name, so checks read as sentences.
type compareEqual struct{}

func (compareEqual) CompareValues(values ...any) error {
	return compare.ValuesSame().CompareValues(values...)
}
