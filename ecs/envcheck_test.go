package ecs_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestServiceValidateRefusesCredentialsInEnvironment: environment
// variables whose names look like credentials are refused, each naming the
// field and the variable, with a pointer to secrets or the task role.
func TestServiceValidateRefusesCredentialsInEnvironment(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		env  map[string]string
		want []problem
		fix  string // in the error
	}{
		"plain settings": {env: map[string]string{"APP_ENV": "prod", "LOG_LEVEL": "info", "TOKEN_TTL_SECONDS": "60", "SECRETS_DIR": "/run"}},
		"AWS keys": {
			env:  map[string]string{"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "x", "AWS_SESSION_TOKEN": "y", "AWS_REGION": "us-east-1"},
			want: []problem{{"Environment", "AWS_ACCESS_KEY_ID", nil}, {"Environment", "AWS_SECRET_ACCESS_KEY", nil}, {"Environment", "AWS_SESSION_TOKEN", nil}},
			fix:  "the container gets AWS credentials from the task role",
		},
		"suffixes, any case": {
			env: map[string]string{"DB_PASSWORD": "p", "app_secret": "s", "GITHUB_TOKEN": "t", "STRIPE_API_KEY": "k", "TLS_PRIVATE_KEY": "k", "PASSWORD": "p"},
			want: []problem{
				{"Environment", "DB_PASSWORD", nil}, {"Environment", "GITHUB_TOKEN", nil}, {"Environment", "PASSWORD", nil},
				{"Environment", "STRIPE_API_KEY", nil}, {"Environment", "TLS_PRIVATE_KEY", nil}, {"Environment", "app_secret", nil},
			},
			fix: "pass it as a secret of the container definition",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := servicePlainArgs()
			args.Environment = tc.env
			err := args.Validate()
			if diff := cmp.Diff(tc.want, problems(t, args, err)); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
			if tc.fix != "" && (err == nil || !strings.Contains(err.Error(), tc.fix)) {
				t.Errorf("Validate() = %v, want the fix %q", err, tc.fix)
			}
		})
	}
}
