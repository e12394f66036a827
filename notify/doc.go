// Package notify creates a stack's notification topic: an SNS topic,
// encrypted with a customer managed KMS key of its own, that CloudWatch
// alarms and CodeDeploy deployment groups publish to, and optionally an
// email subscription:
//
//	child (name)      what
//	name-key          the topic's KMS key, rotated yearly
//	name              the SNS topic, encrypted with name-key
//	name              the topic's policy
//	name-email        an email subscription (with TopicArgs.EmailAddress)
//
// Why a key of its own: CloudWatch alarms cannot publish to a topic under
// the AWS managed key alias/aws/sns, whose policy cannot admit
// cloudwatch.amazonaws.com. The key's policy lets CloudWatch use it
// (kms:Decrypt, kms:GenerateDataKey*) and the publisher roles use it through
// SNS only (kms:ViaService); the account administers it through IAM
// without using it.
//
// The topic's policy replaces SNS's default (which lets the whole account
// publish): it allows CloudWatch alarms of the stack's account and region,
// and the publisher roles (a CodeDeploy deployment group publishes its
// triggers with its service role), and no other account or service.
//
// Topic.TopicARN resolves once the topic's policy is in place, so an alarm
// or deployment group given it does not publish before it may.
//
// The package does not import this module's other packages.
package notify
