package sdklog

import (
	"maps"
	"testing"
)

func TestLevelsOff(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off"}
	for _, tc := range []struct {
		name    string
		environ []string
		want    map[string]string
	}{
		{"nothing set", []string{"HOME=/root", "PATH=/bin"}, off},
		{"TF_LOG empty", []string{"TF_LOG="}, off},
		{"TF_LOG blank", []string{"TF_LOG=  "}, off},
		{"TF_LOG off", []string{"TF_LOG=OFF"}, off},
		{"only a log path", []string{"TF_LOG_PATH=/tmp/tf.log"}, off},
		{"only core logs", []string{"TF_LOG_CORE=trace", "TF_LOG_PATH=/tmp/tf.log"}, off},
		{"other TF_ variables", []string{"TF_ACC=1", "TF_CLI_CONFIG_FILE=x", "TF_LOGGING=trace", "XTF_LOG=trace"}, off},
		{"an SDK level already off", []string{"TF_LOG_SDK_PROTO=off"}, off},

		{"TF_LOG trace", []string{"TF_LOG=trace"}, nil},
		{"TF_LOG debug", []string{"TF_LOG=DEBUG"}, nil},
		{"TF_LOG json", []string{"TF_LOG=json"}, nil},
		{"TF_LOG with a path", []string{"TF_LOG_PATH=/tmp/tf.log", "TF_LOG=info"}, nil},
		{"TF_LOG an unknown level", []string{"TF_LOG=verbose"}, nil},
		{"provider logs", []string{"TF_LOG_PROVIDER=debug"}, nil},
		{"this provider's logs", []string{"TF_LOG_PROVIDER_CONTACTS=trace"}, nil},
		{"one vendor's logs", []string{"TF_LOG_PROVIDER_CONTACTS_MAILDIVER=debug"}, nil},
		{"SDK logs", []string{"TF_LOG_SDK=trace"}, nil},
		{"protocol logs", []string{"TF_LOG_SDK_PROTO=trace"}, nil},
		{"framework logs", []string{"TF_LOG_SDK_FRAMEWORK=debug"}, nil},
		{"protocol data", []string{"TF_LOG_SDK_PROTO_DATA_DIR=/tmp/proto"}, nil},
		{"a variable added later", []string{"TF_LOG_SOMETHING_NEW=1"}, nil},
		{"test log path", []string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, nil},
		{"core and provider", []string{"TF_LOG_CORE=off", "TF_LOG_PROVIDER=trace"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := LevelsOff(tc.environ); !maps.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
				t.Errorf("LevelsOff(%q) = %v, want %v", tc.environ, got, tc.want)
			}
		})
	}
}
