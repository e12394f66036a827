package kms

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// logsActions are what CloudWatch Logs needs to encrypt and decrypt a log
// group's events (CloudWatch Logs user guide, "Encrypt log data in
// CloudWatch Logs using AWS KMS").
var logsActions = []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"}

// logKeyPolicy is the log key's policy: the account administers it through
// IAM; CloudWatch Logs of region uses it for the account's log groups in
// that region only. dnsSuffix is the partition's ("amazonaws.com").
func logKeyPolicy(partition, dnsSuffix, region, account string) string {
	return iampolicy.New(
		iampolicy.KeyAdministration(partition, account),
		iampolicy.Statement{
			Sid:       "CloudWatchLogsOfThisAccountAndRegion",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{Service: []string{"logs." + region + "." + dnsSuffix}},
			Action:    logsActions,
			Resource:  []string{"*"},
			Condition: map[string]map[string][]string{
				"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {fmt.Sprintf("arn:%s:logs:%s:%s:log-group:*", partition, region, account)}},
			},
		},
	).JSON()
}
