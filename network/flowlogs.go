package network

import (
	"fmt"
	"slices"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// flowLogRetentionDays lists the retention periods CloudWatch Logs accepts.
var flowLogRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func checkRetention(days int) error {
	if !slices.Contains(flowLogRetentionDays, days) {
		return fmt.Errorf("FlowLogRetentionDays %d is not a CloudWatch Logs retention period: use one of %v", days, flowLogRetentionDays)
	}
	return nil
}

// flowLogTrustPolicy lets the VPC Flow Logs service assume the delivery role
// only on behalf of flow logs in this account and region (the confused-deputy
// guard AWS documents for flow logs).
func flowLogTrustPolicy(partition, region, account string) string {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{"vpc-flow-logs.amazonaws.com"}},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {account}},
			"ArnLike":      {"aws:SourceArn": {fmt.Sprintf("arn:%s:ec2:%s:%s:vpc-flow-log/*", partition, region, account)}},
		},
	}).JSON()
}

// flowLogDeliveryPolicy allows writing flow-log records to one log group and
// nothing else.
func flowLogDeliveryPolicy(logGroupARN string) string {
	return iampolicy.New(iampolicy.Statement{
		Effect:   "Allow",
		Action:   []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
		Resource: []string{logGroupARN, logGroupARN + ":*"},
	}).JSON()
}
