package notify

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// publishKeyActions are what a publisher to an encrypted topic needs of its
// key (Amazon SNS developer guide, "Enable compatibility between event
// sources from AWS services and encrypted topics").
var publishKeyActions = []string{"kms:Decrypt", "kms:GenerateDataKey*"}

// cloudWatchPrincipal is the service that publishes alarm actions.
const cloudWatchPrincipal = "cloudwatch.amazonaws.com"

// keyPolicy is the topic key's policy: the account administers it through
// IAM; CloudWatch may use it on behalf of the account's alarms only (the
// confused-deputy guard aws:SourceAccount, as on the topic's policy); the
// publisher roles may use it through SNS in region only. dnsSuffix is the
// partition's ("amazonaws.com").
func keyPolicy(partition, dnsSuffix, region, account string, publishers []string) string {
	statements := []iampolicy.Statement{
		iampolicy.KeyAdministration(partition, account),
		{
			Sid:       "CloudWatchAlarms",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{Service: []string{cloudWatchPrincipal}},
			Action:    publishKeyActions,
			Resource:  []string{"*"},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {account}}},
		},
	}
	if len(publishers) > 0 {
		statements = append(statements, iampolicy.Statement{
			Sid:       "PublisherRolesThroughSNS",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{AWS: publishers},
			Action:    publishKeyActions,
			Resource:  []string{"*"},
			Condition: map[string]map[string][]string{"StringEquals": {"kms:ViaService": {"sns." + region + "." + dnsSuffix}}},
		})
	}
	return iampolicy.New(statements...).JSON()
}

// topicPolicy is the topic's policy: CloudWatch alarms of the account in
// region, and the publisher roles, may publish; nothing else is granted.
func topicPolicy(partition, region, account, topicARN string, publishers []string) string {
	statements := []iampolicy.Statement{{
		Sid:       "CloudWatchAlarmsOfThisAccount",
		Effect:    "Allow",
		Principal: &iampolicy.Principal{Service: []string{cloudWatchPrincipal}},
		Action:    []string{"sns:Publish"},
		Resource:  []string{topicARN},
		Condition: map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {account}},
			"ArnLike":      {"aws:SourceArn": {fmt.Sprintf("arn:%s:cloudwatch:%s:%s:alarm:*", partition, region, account)}},
		},
	}}
	if len(publishers) > 0 {
		statements = append(statements, iampolicy.Statement{
			Sid:       "PublisherRoles",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{AWS: publishers},
			Action:    []string{"sns:Publish"},
			Resource:  []string{topicARN},
		})
	}
	return iampolicy.New(statements...).JSON()
}
