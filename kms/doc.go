// Package kms creates the customer managed KMS key that encrypts a stack's
// CloudWatch Logs groups (the containers', the VPC's flow logs, WAF's):
//
//	child (name)     what
//	name             the key: symmetric, rotated yearly, 30 days' deletion window
//	name             its alias, alias/<project>/<stack>/<name>-<suffix>
//
// Its key policy lets CloudWatch Logs of the stack's account and region use
// it, only for log groups of that account and region (an encryption-context
// condition on the log group's ARN), and lets the account administer it
// through IAM without using it: no IAM principal can encrypt or decrypt with
// it, and reading the logs needs no KMS permission (CloudWatch Logs decrypts
// them). The policy is a pure function of the partition, region and
// account, built with internal/iampolicy.
//
// A log group takes the key by its ARN (LogKey.KeyARN), which resolves once
// the key exists with its policy: CloudWatch Logs checks that it may use the
// key when the group is associated with it.
//
// The package does not import this module's other packages.
package kms
