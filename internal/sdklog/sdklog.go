// Package sdklog decides whether the provider process turns the SDK's own loggers off.
//
// terraform-plugin-go and terraform-plugin-framework log every RPC at trace level (about 74 lines,
// 38 KB per contact in a plan). Unless a level variable says otherwise their loggers run at trace and
// write JSON to stderr, and Terraform parses each line only to discard it when its own TF_LOG is unset:
// 37% of the provider's CPU in a plan. Their levels come from environment variables that
// terraform-plugin-log v0.11 reads when each RPC starts (hclog level names; "off" is one):
//
//   - TF_LOG_SDK: the SDK's root logger, whose level its subsystems inherit;
//   - TF_LOG_SDK_PROTO: terraform-plugin-go's protocol subsystem ("Received request" ...);
//   - TF_LOG_SDK_FRAMEWORK: the framework's subsystem.
//
// The provider's own loggers (TF_LOG_PROVIDER_CONTACTS, TF_LOG_PROVIDER_CONTACTS_<VENDOR>) are left
// alone.
package sdklog

import "strings"

// sdkLevelVariables are the variables that set the SDK's log levels, all set to "off" together.
var sdkLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// notAskingForProviderLogs are TF_LOG_* variables that on their own never make Terraform or OpenTofu
// show a provider's log lines: TF_LOG_PATH only says where logs go (nothing is written unless a level
// is set too) and TF_LOG_CORE sets the level of the engine's own lines only.
var notAskingForProviderLogs = map[string]bool{"TF_LOG_PATH": true, "TF_LOG_CORE": true}

// LevelsOff returns the variables (name to value) that turn the SDK's loggers off, given the
// process environment in os.Environ's NAME=value form; it returns nil when the environment asks for
// logs. It asks for logs when TF_LOG or any other TF_LOG_* variable (provider, SDK, protocol data
// directory, a name added later), or TF_ACC_LOG_PATH, holds a value other than empty or "off"; the
// two variables in notAskingForProviderLogs do not count.
func LevelsOff(environ []string) map[string]string {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if name != "TF_LOG" && !strings.HasPrefix(name, "TF_LOG_") && name != "TF_ACC_LOG_PATH" {
			continue
		}
		if notAskingForProviderLogs[name] {
			continue
		}
		if value = strings.TrimSpace(value); value != "" && !strings.EqualFold(value, "off") {
			return nil
		}
	}
	off := make(map[string]string, len(sdkLevelVariables))
	for _, name := range sdkLevelVariables {
		off[name] = "off"
	}
	return off
}
