// Package tfmodel reads and writes a whole configuration, plan or state as a model struct, as
// tfsdk.State.Get and tfsdk.State.Set do, without their per-call reflection over struct tags.
//
// terraform-plugin-framework v1.19.0 rebuilds the field list of the model on every Get and Set, and
// checks each tag with a regular expression that it compiles for every field of every call
// (internal/reflect.isValidFieldName; hashicorp/terraform-plugin-framework#725). In a refresh that is
// about 28 MB of allocation and a tenth of the provider's CPU per 1000 contacts. Here the field list
// of a model type is built once, checked once against the schema's attribute types, and reused.
//
// Only the common shape is handled here: a struct whose fields with a `tfsdk:"name"` tag are all
// attr.Value types (types.String, types.List, a custom value type, ...), matching the schema's
// attributes one to one. Any other shape (embedded structs, Go-typed fields, `tfsdk:"-"`) goes to
// the framework's own Get and Set, with the framework's behaviour and errors. For the handled shape
// the results, and the conditions that are errors, are the framework's: values come from each
// attribute type's ValueFromTerraform, are validated as the framework validates them
// (xattr.ValidateableAttribute, else xattr.TypeWithValidate), and must have the field's type.
package tfmodel

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Schema is what a tfsdk.State, Plan or Config holds as its Schema: the type of the whole object.
type Schema interface {
	Type() attr.Type
}

// GetState reads state into target, a pointer to a model struct, like state.Get.
func GetState(ctx context.Context, state tfsdk.State, target any) diag.Diagnostics {
	return get(ctx, state.Schema, state.Raw, target, "state", func() diag.Diagnostics { return state.Get(ctx, target) })
}

// GetPlan reads plan into target, a pointer to a model struct, like plan.Get.
func GetPlan(ctx context.Context, plan tfsdk.Plan, target any) diag.Diagnostics {
	return get(ctx, plan.Schema, plan.Raw, target, "plan", func() diag.Diagnostics { return plan.Get(ctx, target) })
}

// GetConfig reads config into target, a pointer to a model struct, like config.Get.
func GetConfig(ctx context.Context, config tfsdk.Config, target any) diag.Diagnostics {
	return get(ctx, config.Schema, config.Raw, target, "configuration", func() diag.Diagnostics { return config.Get(ctx, target) })
}

// SetState replaces the whole of state with val, a model struct or a pointer to one, like state.Set.
// On an error state is left as it was.
func SetState(ctx context.Context, state *tfsdk.State, val any) diag.Diagnostics {
	m, ok := modelOf(ctx, state.Schema, reflect.TypeOf(val))
	if !ok {
		return state.Set(ctx, val)
	}
	raw, diags := m.value(ctx, reflect.ValueOf(val))
	if !diags.HasError() {
		state.Raw = raw
	}
	return diags
}

// Handled reports whether the model type of val (a struct or a pointer to one) takes the fast path
// with schema, rather than the framework's reflection.
func Handled(ctx context.Context, schema Schema, val any) bool {
	_, ok := modelOf(ctx, schema, reflect.TypeOf(val))
	return ok
}

// field is one tagged field of a model and the type of its attribute.
type field struct {
	index int
	name  string
	typ   attr.Type
	tf    tftypes.Type
}

// model is the fast path of one model type: its fields and the object type they make.
type model struct {
	fields []field
	object tftypes.Object
}

type cacheKey struct {
	model  reflect.Type
	schema reflect.Type // the dynamic type of the schema: resource, data source and list schemas differ
}

// models caches, per model type and schema kind, the model (*model) or nil when the shape is not
// handled. A model type belongs to one resource or data source, so its attribute types are fixed.
var models sync.Map

var validName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

var attrValueType = reflect.TypeOf((*attr.Value)(nil)).Elem()

// modelOf returns the fast path of t (a struct or pointer to a struct type) with schema.
func modelOf(ctx context.Context, schema Schema, t reflect.Type) (*model, bool) {
	if t == nil || schema == nil {
		return nil, false
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	key := cacheKey{model: t, schema: reflect.TypeOf(schema)}
	if m, ok := models.Load(key); ok {
		mm, _ := m.(*model)
		return mm, mm != nil
	}
	m := build(ctx, schema, t)
	models.Store(key, m)
	return m, m != nil
}

// build returns the fast path of struct type t with schema, or nil when t's shape is not handled.
func build(ctx context.Context, schema Schema, t reflect.Type) *model {
	objType, ok := schema.Type().(attr.TypeWithAttributeTypes)
	if !ok {
		return nil
	}
	attrTypes := objType.AttributeTypes()
	m := &model{}
	seen := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, tagged := f.Tag.Lookup("tfsdk")
		if !tagged {
			if f.Anonymous || f.IsExported() {
				return nil // the framework decides what untagged exported and embedded fields mean
			}
			continue
		}
		if !f.IsExported() || f.Anonymous || !validName.MatchString(tag) || seen[tag] || !f.Type.Implements(attrValueType) {
			return nil
		}
		typ, ok := attrTypes[tag]
		if !ok {
			return nil
		}
		seen[tag] = true
		m.fields = append(m.fields, field{index: i, name: tag, typ: typ, tf: typ.TerraformType(ctx)})
	}
	if len(seen) != len(attrTypes) {
		return nil
	}
	object, ok := objType.TerraformType(ctx).(tftypes.Object)
	if !ok || len(object.OptionalAttributes) > 0 {
		return nil
	}
	m.object = object
	return m
}

// get reads raw into target through the fast path when target's type is handled, else through
// fallback (the framework's Get).
func get(ctx context.Context, schema Schema, raw tftypes.Value, target any, what string, fallback func() diag.Diagnostics) diag.Diagnostics {
	v := reflect.ValueOf(target)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fallback()
	}
	m, ok := modelOf(ctx, schema, v.Type())
	if !ok {
		return fallback()
	}
	var diags diag.Diagnostics
	if raw.IsNull() || !raw.IsKnown() {
		kind := "null"
		if !raw.IsKnown() {
			kind = "unknown"
		}
		diags.AddError("Value Conversion Error",
			"An unexpected error was encountered trying to build a value. This is always an error in the provider. "+
				"Please report the following to the provider developer:\n\n"+
				fmt.Sprintf("Received %s value for the whole %s, however the target type %s cannot handle %s values.", kind, what, v.Elem().Type(), kind))
		return diags
	}
	if !raw.Type().Equal(m.object) {
		diags.AddError("Value Conversion Error",
			"An unexpected error was encountered trying to build a value. This is always an error in the provider. "+
				"Please report the following to the provider developer:\n\n"+
				fmt.Sprintf("The %s has type %s, but the model %s was built for %s.", what, raw.Type(), v.Elem().Type(), m.object))
		return diags
	}
	var values map[string]tftypes.Value
	if err := raw.As(&values); err != nil {
		diags.AddError("Value Conversion Error", fmt.Sprintf("Reading the %s as an object: %s.", what, err))
		return diags
	}
	out := reflect.New(v.Elem().Type()).Elem() // untagged (unexported) fields end zero, as with the framework
	for _, f := range m.fields {
		p := path.Root(f.name)
		val, err := f.typ.ValueFromTerraform(ctx, values[f.name])
		if err != nil {
			diags.AddAttributeError(p, "Value Conversion Error",
				"An unexpected error was encountered trying to convert the Terraform value. This is always an error in the provider. "+
					"Please report the following to the provider developer:\n\n"+err.Error())
			return diags
		}
		diags.Append(validate(ctx, f.typ, val, p)...)
		if diags.HasError() {
			return diags
		}
		rv := reflect.ValueOf(val)
		if rv.Type() != out.Field(f.index).Type() {
			diags.AddAttributeError(p, "Value Conversion Error",
				"An unexpected error was encountered trying to build a value. This is always an error in the provider. "+
					"Please report the following to the provider developer:\n\n"+
					fmt.Sprintf("The attribute type %s gives %s values, but the model field is %s.", f.typ, rv.Type(), out.Field(f.index).Type()))
			return diags
		}
		out.Field(f.index).Set(rv)
	}
	v.Elem().Set(out)
	return diags
}

// value is the object that model struct val (or a pointer to one) makes.
func (m *model) value(ctx context.Context, val reflect.Value) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	if val.Kind() == reflect.Pointer {
		if val.IsNil() {
			diags.AddError("Value Conversion Error", "A nil model was given for the whole state. This is always an error in the provider.")
			return tftypes.Value{}, diags
		}
		val = val.Elem()
	}
	values := make(map[string]tftypes.Value, len(m.fields))
	for _, f := range m.fields {
		p := path.Root(f.name)
		av, ok := val.Field(f.index).Interface().(attr.Value)
		if !ok || av == nil {
			diags.AddAttributeError(p, "Value Conversion Error", "The model field holds no value. This is always an error in the provider.")
			return tftypes.Value{}, diags
		}
		if !f.tf.Equal(av.Type(ctx).TerraformType(ctx)) {
			diags.AddAttributeError(p, "Value Conversion Error",
				"An unexpected error was encountered while verifying an attribute value matched its expected type to prevent unexpected behavior or panics. "+
					"This is always an error in the provider. Please report the following to the provider developer:\n\n"+
					fmt.Sprintf("Expected framework type from provider logic: %s / underlying type: %s\n", f.typ, f.tf)+
					fmt.Sprintf("Received framework type from provider logic: %s / underlying type: %s\n", av.Type(ctx), av.Type(ctx).TerraformType(ctx))+
					fmt.Sprintf("Path: %s", p))
			continue
		}
		if d := validate(ctx, f.typ, av, p); d.HasError() {
			diags.Append(d...)
			continue
		}
		tv, err := av.ToTerraformValue(ctx)
		if err != nil {
			diags.AddAttributeError(p, "Value Conversion Error", "Converting the value for Terraform: "+err.Error())
			continue
		}
		values[f.name] = tv
	}
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	if err := tftypes.ValidateValue(m.object, values); err != nil {
		diags.AddError("Value Conversion Error", "Building the state object: "+err.Error())
		return tftypes.Value{}, diags
	}
	return tftypes.NewValue(m.object, values), diags
}

// validate checks val of type typ as the framework's reflection does when it reads or writes a model.
func validate(ctx context.Context, typ attr.Type, val attr.Value, p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	switch t := val.(type) {
	case xattr.ValidateableAttribute:
		resp := xattr.ValidateAttributeResponse{}
		t.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &resp)
		diags.Append(resp.Diagnostics...)
	default:
		//nolint:staticcheck // xattr.TypeWithValidate is deprecated, but the framework still honours it, and so must this.
		if tv, ok := typ.(xattr.TypeWithValidate); ok {
			raw, err := val.ToTerraformValue(ctx)
			if err != nil {
				diags.AddAttributeError(p, "Value Conversion Error", "Converting the value for Terraform: "+err.Error())
				return diags
			}
			diags.Append(tv.Validate(ctx, raw, p)...)
		}
	}
	return diags
}
