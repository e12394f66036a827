package argcheck

import (
	"strings"
	"testing"
)

func TestParseARN(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   string
		want ARN
		ok   bool
	}{
		"certificate":   {"arn:aws:acm:us-east-1:123456789012:certificate/abc", ARN{"aws", "acm", "us-east-1", "123456789012", "certificate/abc"}, true},
		"IAM, GovCloud": {"arn:aws-us-gov:iam::123456789012:policy/p/B", ARN{"aws-us-gov", "iam", "", "123456789012", "policy/p/B"}, true},
		"AWS managed":   {"arn:aws-cn:iam::aws:policy/X", ARN{"aws-cn", "iam", "", "aws", "policy/X"}, true},
		"KMS key":       {"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab", ARN{"aws", "kms", "eu-west-1", "123456789012", "key/1234abcd-12ab"}, true},
		"not an ARN":    {"alias/aws/ecr", ARN{}, false},
		"bad account":   {"arn:aws:kms:eu-west-1:1234:key/x", ARN{}, false},
		"no partition":  {"arn:gcp:kms:eu-west-1:123456789012:key/x", ARN{}, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseARN(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ParseARN(%q) = %+v, %v, want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestARNIn(t *testing.T) {
	t.Parallel()
	place := Place{Partition: "aws", Region: "us-east-1", Accounts: []string{"123456789012"}}
	tests := map[string]struct {
		arn  string
		want []string // in the problem; none: accepted
	}{
		"in place":        {arn: "arn:aws:kms:us-east-1:123456789012:key/k"},
		"not an ARN":      {arn: "k"}, // the shape is another check's
		"other region":    {arn: "arn:aws:kms:eu-west-1:123456789012:key/k", want: []string{`F "arn:aws:kms:eu-west-1:123456789012:key/k" is in region eu-west-1, but the stack is in us-east-1: why; give the ARN of one in partition aws, region us-east-1, account 123456789012`}},
		"other account":   {arn: "arn:aws:kms:us-east-1:210987654321:key/k", want: []string{"belongs to account 210987654321, but the stack is in account 123456789012"}},
		"other partition": {arn: "arn:aws-us-gov:kms:us-east-1:123456789012:key/k", want: []string{"is in partition aws-us-gov, but the stack is in aws"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var l List
			l.ARNIn("F", tc.arn, place, "why")
			err := l.Err()
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("ARNIn(%q) = %v, want nil", tc.arn, err)
				}
				return
			}
			fes := Errors(err)
			if len(fes) != 1 || fes[0].Field != "F" || fes[0].Value != tc.arn {
				t.Fatalf("ARNIn(%q) = %v, want one error of field F", tc.arn, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ARNIn(%q) = %q, want it to hold %q", tc.arn, err, w)
				}
			}
		})
	}
}
