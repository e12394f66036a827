package kms

import (
	"fmt"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// logsActions are what CloudWatch Logs needs to encrypt and decrypt a log
// group's events (CloudWatch Logs user guide, "Encrypt log data in
// CloudWatch Logs using AWS KMS").
var logsActions = []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"}

// ecrActions are what ECR needs of a customer managed key to encrypt a
// repository's images: it checks the key and creates grants at the
// repository's creation, with the caller's permissions, and retires them
// at its deletion; pushes and pulls use the key through the grants (ECR
// user guide, "Encryption at rest"; the actions of AWS's own aws/ecr key).
var ecrActions = []string{"kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:RetireGrant"}

// logKeyPolicy is the log key's policy: the account administers it through
// IAM; CloudWatch Logs of region uses it for the account's log groups in
// that region only; with ecr, the account's principals may use it through
// ECR in region only, for its repositories. dnsSuffix is the partition's
// ("amazonaws.com").
func logKeyPolicy(partition, dnsSuffix, region, account string, ecr bool) string {
	statements := []iampolicy.Statement{
		iampolicy.KeyAdministration(partition, account),
		{
			Sid:       "CloudWatchLogsOfThisAccountAndRegion",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{Service: []string{"logs." + region + "." + dnsSuffix}},
			Action:    logsActions,
			Resource:  []string{"*"},
			Condition: map[string]map[string][]string{
				"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {fmt.Sprintf("arn:%s:logs:%s:%s:log-group:*", partition, region, account)}},
			},
		},
	}
	if ecr {
		statements = append(statements, iampolicy.Statement{
			Sid:       "ECRRepositoriesOfThisAccountAndRegion",
			Effect:    "Allow",
			Principal: &iampolicy.Principal{AWS: []string{iampolicy.AccountRoot(partition, account)}},
			Action:    ecrActions,
			Resource:  []string{"*"},
			Condition: map[string]map[string][]string{
				"StringEquals": {"kms:ViaService": {"ecr." + region + "." + dnsSuffix}, "kms:CallerAccount": {account}},
			},
		})
	}
	return iampolicy.New(statements...).JSON()
}
