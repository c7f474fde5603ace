package bland

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// metadataObject accepts a JSON object whose top-level values are not null. jsontypes.Normalized
// already checks that the text is JSON; Bland's metadata must be an object (seed), and a top-level
// null would remove the key at Bland (assumed), so the configuration could never match.
type metadataObject struct{}

func (metadataObject) Description(context.Context) string {
	return "must be a JSON object (use jsonencode) whose top-level values are not null"
}

func (v metadataObject) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (metadataObject) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	md, err := decodeMetadata(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid metadata",
			fmt.Sprintf("%s must be a JSON object such as jsonencode({ source = \"terraform\" }): %s.", req.Path, err))
		return
	}
	var nulls []string
	for k, v := range md {
		if blIsNull(v) {
			nulls = append(nulls, k)
		}
	}
	if len(nulls) > 0 {
		sort.Strings(nulls)
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid metadata",
			fmt.Sprintf("%s sets %s to null. Bland removes a metadata key sent as null, so it could never hold that value: "+
				"remove the key from metadata instead, which removes it at Bland.", req.Path, strings.Join(nulls, ", ")))
	}
}

func blIsNull(v []byte) bool { return strings.TrimSpace(string(v)) == "null" }
