package network

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

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
