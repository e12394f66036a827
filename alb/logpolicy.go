package alb

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// elbAccounts maps each region that offered Elastic Load Balancing before
// August 2022 to the account ELB writes access logs from there. In these
// regions the bucket policy must name that account; regions opened since
// accept only the log-delivery service principal (logDeliveryPrincipal).
// Source: "Enable access logs for your Application Load Balancer", Elastic
// Load Balancing User Guide.
var elbAccounts = map[string]string{
	"us-east-1":      "127311923021",
	"us-east-2":      "033677994240",
	"us-west-1":      "027434742980",
	"us-west-2":      "797873946194",
	"af-south-1":     "098369216593",
	"ap-east-1":      "754344448648",
	"ap-southeast-3": "589379963580",
	"ap-south-1":     "718504428378",
	"ap-northeast-3": "383597477331",
	"ap-northeast-2": "600734575887",
	"ap-southeast-1": "114774131450",
	"ap-southeast-2": "783225319266",
	"ap-northeast-1": "582318560864",
	"ca-central-1":   "985666609251",
	"eu-central-1":   "054676820928",
	"eu-west-1":      "156460612806",
	"eu-west-2":      "652711504416",
	"eu-south-1":     "635631232127",
	"eu-west-3":      "009996457667",
	"eu-north-1":     "897822967062",
	"me-south-1":     "076674570225",
	"sa-east-1":      "507241528517",
	"us-gov-west-1":  "048591011584",
	"us-gov-east-1":  "190560391635",
	"cn-north-1":     "638102146993",
	"cn-northwest-1": "037604701340",
}

// logDeliveryPrincipal is the service that writes access logs in regions
// that have no entry in elbAccounts.
const logDeliveryPrincipal = "logdelivery.elasticloadbalancing.amazonaws.com"

// logWriter returns the principal allowed to write a region's access logs:
// the region's ELB account, or the log-delivery service.
func logWriter(partition, region string) iampolicy.Principal {
	if account, ok := elbAccounts[region]; ok {
		return iampolicy.Principal{AWS: []string{fmt.Sprintf("arn:%s:iam::%s:root", partition, account)}}
	}
	return iampolicy.Principal{Service: []string{logDeliveryPrincipal}}
}

// accessLogsPolicy is the access-log bucket's policy: the region's log
// writer may put objects under prefix/AWSLogs/<account>/ and nowhere else,
// and every request not made over TLS is denied.
func accessLogsPolicy(partition, region, account, bucketARN, prefix string) string {
	writer := logWriter(partition, region)
	return iampolicy.New(
		iampolicy.Statement{
			Sid:       "AllowLoadBalancerLogDelivery",
			Effect:    "Allow",
			Principal: &writer,
			Action:    []string{"s3:PutObject"},
			Resource:  []string{fmt.Sprintf("%s/%s/AWSLogs/%s/*", bucketARN, prefix, account)},
		},
		iampolicy.Statement{
			Sid:       "DenyInsecureTransport",
			Effect:    "Deny",
			Principal: &iampolicy.Principal{AWS: []string{"*"}},
			Action:    []string{"s3:*"},
			Resource:  []string{bucketARN, bucketARN + "/*"},
			Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}},
		},
	).JSON()
}
