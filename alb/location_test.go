package alb_test

import (
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/alb"
)

// TestValidateLocation: the certificate must be in the load balancer's
// partition, region and account; the error names the field, the value,
// where it is and where it must be.
func TestValidateLocation(t *testing.T) {
	t.Parallel()
	const acct = "123456789012"
	tests := map[string]struct {
		partition, region, cert string
		want                    []string // in the error; none: accepted
	}{
		"no certificate": {partition: "aws", region: "us-east-1"},
		"same place":     {partition: "aws", region: "us-east-1", cert: "arn:aws:acm:us-east-1:" + acct + ":certificate/abc"},
		"GovCloud":       {partition: "aws-us-gov", region: "us-gov-west-1", cert: "arn:aws-us-gov:acm:us-gov-west-1:" + acct + ":certificate/abc"},
		"China":          {partition: "aws-cn", region: "cn-north-1", cert: "arn:aws-cn:acm:cn-north-1:" + acct + ":certificate/abc"},
		"another region": {
			partition: "aws", region: "ap-northeast-2", cert: "arn:aws:acm:us-east-1:" + acct + ":certificate/abc",
			want: []string{`CertificateARN "arn:aws:acm:us-east-1:123456789012:certificate/abc" is in region us-east-1, but the stack is in ap-northeast-2`, "request or import it in ACM there", "give the ARN of one in partition aws, region ap-northeast-2, account 123456789012"},
		},
		"another account": {
			partition: "aws", region: "us-east-1", cert: "arn:aws:acm:us-east-1:210987654321:certificate/abc",
			want: []string{"belongs to account 210987654321, but the stack is in account 123456789012"},
		},
		"another partition": {
			partition: "aws-cn", region: "cn-north-1", cert: "arn:aws:acm:us-east-1:" + acct + ":certificate/abc",
			want: []string{"is in partition aws, but the stack is in aws-cn", "is in region us-east-1, but the stack is in cn-north-1"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := alb.LoadBalancerArgs{CertificateARN: tc.cert}.ValidateLocation(tc.partition, tc.region, acct)
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("ValidateLocation = %v, want nil", err)
				}
				return
			}
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("ValidateLocation = %v, want it to hold %q", err, w)
				}
			}
		})
	}
}
