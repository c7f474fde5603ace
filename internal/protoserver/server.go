// Package protoserver serves the provider's protocol 6 server (terraform-plugin-framework's) through a
// thin wrapper that gives each RPC a context the framework cannot keep alive after the call.
//
// terraform-plugin-framework v1.19.0 derives a cancellable context from every RPC's context and keeps
// its cancel function until StopProvider, which Terraform sends only when interrupted. Each kept
// function holds the whole context chain of its call (the SDK's loggers, request fields), so memory grew
// with every RPC: about 120 KB per contact in a plan. The wrapper passes the framework a callContext
// instead, which forwards the caller's values, deadline and cancellation during the call and lets go of
// them when the call returns (for a streaming RPC, when its stream has been read to the end).
//
// Every method is written out rather than the inner server embedded: an embedded interface would pass
// a method added by a newer terraform-plugin-go straight through, unwrapped and silently leaking. Written
// out, Server stops satisfying Inner and the build fails until the new method is wrapped;
// TestEveryRPCReleasesItsContext checks that each method does release its context.
package protoserver

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Inner is the server being wrapped: every RPC of protocol 6 as terraform-plugin-go v0.31.0 defines
// it, including the list resource, action and state store RPCs it still keeps in separate interfaces
// (tf6server looks for them with type assertions). The framework's protocol 6 server implements it.
type Inner interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// Server is a protocol 6 server that calls its inner server with a context released when each call
// returns. It implements Inner, so tf6server finds the same optional RPCs on it as on the inner server.
type Server struct {
	inner Inner
}

var _ Inner = (*Server)(nil)

// Wrap returns inner served with released per-call contexts.
func Wrap(inner Inner) *Server { return &Server{inner: inner} }

// NewProtocol6 is providerserver.NewProtocol6WithError with the framework's server wrapped: a factory
// for tf6server.Serve or terraform-plugin-testing's ProtoV6ProviderFactories. The factory fails if
// the framework's server lacks an RPC of Inner.
func NewProtocol6(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		srv, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		inner, ok := srv.(Inner)
		if !ok {
			return nil, fmt.Errorf("the framework's protocol 6 server (%T) does not implement every RPC the wrapper serves", srv)
		}
		return Wrap(inner), nil
	}
}

// unary calls one request-response RPC with a context released when it returns.
func unary[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	cc := newCallContext(ctx)
	defer cc.release()
	return rpc(cc, req)
}

// releasedAfter returns seq, which reads its call's context, releasing that context once seq has been
// read to its end or its reader has stopped. A second read of the result runs with the context released.
func releasedAfter[T any](cc *callContext, seq iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		defer cc.release()
		seq(yield)
	}
}

// GetMetadata wraps the inner server's GetMetadata.
func (s *Server) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return unary(ctx, req, s.inner.GetMetadata)
}

// GetProviderSchema wraps the inner server's GetProviderSchema.
func (s *Server) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return unary(ctx, req, s.inner.GetProviderSchema)
}

// GetResourceIdentitySchemas wraps the inner server's GetResourceIdentitySchemas.
func (s *Server) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return unary(ctx, req, s.inner.GetResourceIdentitySchemas)
}

// ValidateProviderConfig wraps the inner server's ValidateProviderConfig.
func (s *Server) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return unary(ctx, req, s.inner.ValidateProviderConfig)
}

// ConfigureProvider wraps the inner server's ConfigureProvider.
func (s *Server) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return unary(ctx, req, s.inner.ConfigureProvider)
}

// StopProvider wraps the inner server's StopProvider, which cancels the calls in flight: the
// framework's contexts are derived from the callContexts, and cancelling them reaches the provider's code.
func (s *Server) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return unary(ctx, req, s.inner.StopProvider)
}

// ValidateResourceConfig wraps the inner server's ValidateResourceConfig.
func (s *Server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return unary(ctx, req, s.inner.ValidateResourceConfig)
}

// UpgradeResourceState wraps the inner server's UpgradeResourceState.
func (s *Server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return unary(ctx, req, s.inner.UpgradeResourceState)
}

// ReadResource wraps the inner server's ReadResource.
func (s *Server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return unary(ctx, req, s.inner.ReadResource)
}

// PlanResourceChange wraps the inner server's PlanResourceChange.
func (s *Server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return unary(ctx, req, s.inner.PlanResourceChange)
}

// ApplyResourceChange wraps the inner server's ApplyResourceChange.
func (s *Server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return unary(ctx, req, s.inner.ApplyResourceChange)
}

// ImportResourceState wraps the inner server's ImportResourceState.
func (s *Server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return unary(ctx, req, s.inner.ImportResourceState)
}

// MoveResourceState wraps the inner server's MoveResourceState.
func (s *Server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return unary(ctx, req, s.inner.MoveResourceState)
}

// UpgradeResourceIdentity wraps the inner server's UpgradeResourceIdentity.
func (s *Server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return unary(ctx, req, s.inner.UpgradeResourceIdentity)
}

// GenerateResourceConfig wraps the inner server's GenerateResourceConfig.
func (s *Server) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return unary(ctx, req, s.inner.GenerateResourceConfig)
}

// ValidateDataResourceConfig wraps the inner server's ValidateDataResourceConfig.
func (s *Server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return unary(ctx, req, s.inner.ValidateDataResourceConfig)
}

// ReadDataSource wraps the inner server's ReadDataSource.
func (s *Server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return unary(ctx, req, s.inner.ReadDataSource)
}

// CallFunction wraps the inner server's CallFunction.
func (s *Server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return unary(ctx, req, s.inner.CallFunction)
}

// GetFunctions wraps the inner server's GetFunctions.
func (s *Server) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return unary(ctx, req, s.inner.GetFunctions)
}

// ValidateEphemeralResourceConfig wraps the inner server's ValidateEphemeralResourceConfig.
func (s *Server) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return unary(ctx, req, s.inner.ValidateEphemeralResourceConfig)
}

// OpenEphemeralResource wraps the inner server's OpenEphemeralResource.
func (s *Server) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return unary(ctx, req, s.inner.OpenEphemeralResource)
}

// RenewEphemeralResource wraps the inner server's RenewEphemeralResource.
func (s *Server) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return unary(ctx, req, s.inner.RenewEphemeralResource)
}

// CloseEphemeralResource wraps the inner server's CloseEphemeralResource.
func (s *Server) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return unary(ctx, req, s.inner.CloseEphemeralResource)
}

// ValidateListResourceConfig wraps the inner server's ValidateListResourceConfig.
func (s *Server) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return unary(ctx, req, s.inner.ValidateListResourceConfig)
}

// ListResource wraps the inner server's ListResource; the call's context is released once the
// results have been read.
func (s *Server) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	cc := newCallContext(ctx)
	stream, err := s.inner.ListResource(cc, req)
	if err != nil || stream == nil || stream.Results == nil {
		cc.release()
		return stream, err
	}
	out := *stream
	out.Results = releasedAfter(cc, stream.Results)
	return &out, nil
}

// ValidateActionConfig wraps the inner server's ValidateActionConfig.
func (s *Server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return unary(ctx, req, s.inner.ValidateActionConfig)
}

// PlanAction wraps the inner server's PlanAction.
func (s *Server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return unary(ctx, req, s.inner.PlanAction)
}

// InvokeAction wraps the inner server's InvokeAction; the call's context is released once the events
// have been read (the framework runs the action while they are).
func (s *Server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	cc := newCallContext(ctx)
	stream, err := s.inner.InvokeAction(cc, req)
	if err != nil || stream == nil || stream.Events == nil {
		cc.release()
		return stream, err
	}
	out := *stream
	out.Events = releasedAfter(cc, stream.Events)
	return &out, nil
}

// ValidateStateStoreConfig wraps the inner server's ValidateStateStoreConfig.
func (s *Server) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return unary(ctx, req, s.inner.ValidateStateStoreConfig)
}

// ConfigureStateStore wraps the inner server's ConfigureStateStore.
func (s *Server) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return unary(ctx, req, s.inner.ConfigureStateStore)
}

// ReadStateBytes wraps the inner server's ReadStateBytes; the call's context is released once the
// chunks have been read.
func (s *Server) ReadStateBytes(ctx context.Context, req *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	cc := newCallContext(ctx)
	stream, err := s.inner.ReadStateBytes(cc, req)
	if err != nil || stream == nil || stream.Chunks == nil {
		cc.release()
		return stream, err
	}
	out := *stream
	out.Chunks = releasedAfter(cc, stream.Chunks)
	return &out, nil
}

// WriteStateBytes wraps the inner server's WriteStateBytes, which reads its request stream during
// the call.
func (s *Server) WriteStateBytes(ctx context.Context, req *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	return unary(ctx, req, s.inner.WriteStateBytes)
}

// GetStates wraps the inner server's GetStates.
func (s *Server) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return unary(ctx, req, s.inner.GetStates)
}

// DeleteState wraps the inner server's DeleteState.
func (s *Server) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return unary(ctx, req, s.inner.DeleteState)
}

// LockState wraps the inner server's LockState.
func (s *Server) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return unary(ctx, req, s.inner.LockState)
}

// UnlockState wraps the inner server's UnlockState.
func (s *Server) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return unary(ctx, req, s.inner.UnlockState)
}
