package revyops

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

// companyIDFromDomain plans company_id when the configuration does not set it: the value in state,
// unless company_domain is set to a domain other than the one in state (compared by domainRule), whose company is known only
// once RevyOps has resolved it (then unknown). So a domain resolves once and plans no diff afterwards,
// and with neither company_id nor company_domain set the server's company is shown, not managed.
type companyIDFromDomain struct{}

func (companyIDFromDomain) Description(context.Context) string {
	return "Keeps the company id in state unless company_domain changes to another domain."
}

func (m companyIDFromDomain) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (companyIDFromDomain) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if !req.ConfigValue.IsNull() || req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return // configured, created or destroyed: nothing to keep
	}
	var configDomain, stateDomain customtypes.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("company_domain"), &configDomain)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("company_domain"), &stateDomain)...)
	if resp.Diagnostics.HasError() || configDomain.IsUnknown() {
		return
	}
	if !configDomain.IsNull() && !sameDomain(configDomain, stateDomain) {
		return // a new domain (or the company changed elsewhere, see Read): resolved at apply
	}
	resp.PlanValue = req.StateValue
}

// keptUnlessStatusChanges plans previous_status and status_changed_at, which RevyOps changes when
// contact_status changes: the value in state, unless the configuration sets contact_status to another
// value (then unknown).
type keptUnlessStatusChanges struct{}

func (keptUnlessStatusChanges) Description(context.Context) string {
	return "Keeps the value in state unless contact_status changes."
}

func (m keptUnlessStatusChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keptUnlessStatusChanges) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var configStatus, stateStatus types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("contact_status"), &configStatus)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("contact_status"), &stateStatus)...)
	if resp.Diagnostics.HasError() || configStatus.IsUnknown() {
		return
	}
	if !configStatus.IsNull() && !configStatus.Equal(stateStatus) {
		return
	}
	resp.PlanValue = req.StateValue
}
