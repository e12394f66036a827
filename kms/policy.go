package kms

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// administerActions are what the account's IAM principals may do with the
// key through IAM: manage it, never use it to encrypt or decrypt.
var administerActions = []string{
	"kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*",
	"kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion",
	"kms:TagResource", "kms:UntagResource", "kms:Update*",
}

// logsActions are what CloudWatch Logs needs to encrypt and decrypt a log
// group's events (CloudWatch Logs user guide, "Encrypt log data in
// CloudWatch Logs using AWS KMS").
var logsActions = []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"}

// accountRoot is the principal that stands for the account's IAM policies.
func accountRoot(partition, account string) string {
	return fmt.Sprintf("arn:%s:iam::%s:root", partition, account)
}

// logKeyPolicy is the log key's policy: the account administers it through
// IAM; CloudWatch Logs of region uses it for the account's log groups in
// that region only. dnsSuffix is the partition's ("amazonaws.com").
func logKeyPolicy(partition, dnsSuffix, region, account string) string {
	return iampolicy.New(
		iampolicy.Statement{
			Sid:       "AdministerThroughIAM",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{AWS: []string{accountRoot(partition, account)}},
			Action:    administerActions,
			Resource:  []string{"*"},
		},
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
