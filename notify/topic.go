package notify

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awskms "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	awssns "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TopicType is the component's type token. It is part of every child's
// URN: changing it replaces the topic (and its subscriptions) unless an
// alias says otherwise.
const TopicType = "ecs-bluegreen:notify:Topic"

// FieldError is the error Validate and NewTopic report for each bad field:
// it names the field, the value, what is allowed and a value that works.
type FieldError = argcheck.Error

// TopicArgs configures NewTopic. Its zero value is a working default: an
// encrypted topic that CloudWatch alarms may publish to, with no
// subscriber.
type TopicArgs struct {
	// PublisherRoleARNs are IAM roles that may publish to the topic besides
	// CloudWatch alarms, and use its key through SNS: the service role of a
	// CodeDeploy deployment group whose triggers publish here. Pass outputs
	// of the roles (the key policy names them, and KMS refuses a principal
	// that does not exist yet). Default: none.
	PublisherRoleARNs []pulumi.StringInput
	// EmailAddress, when set, is subscribed to the topic: a bare address
	// (ops@example.com), no display name. AWS mails it a confirmation link,
	// and it receives nothing until someone follows it; an unconfirmed
	// subscription expires after three days (set it again to resend).
	// Default: no subscription.
	EmailAddress string
	// Tags are applied to the topic and its key, beside the Name tag the
	// component sets itself.
	Tags map[string]string
}

// Topic is an SNS topic encrypted with a customer managed key of its own,
// that CloudWatch alarms of the stack's account and region and the given
// publisher roles may publish to.
type Topic struct {
	pulumi.ResourceState

	// TopicARN is the topic's ARN, for alarm actions and deployment group
	// triggers. It resolves once the topic's policy is in place.
	TopicARN pulumi.StringOutput `pulumi:"topicArn"`
	// TopicName is the topic's name.
	TopicName pulumi.StringOutput `pulumi:"topicName"`
	// KeyARN is the ARN of the topic's KMS key: a subscriber such as an
	// encrypted SQS queue or a Lambda function needs kms:Decrypt on it.
	KeyARN pulumi.StringOutput `pulumi:"keyArn"`
}

// Validate reports every problem with the plain fields of args at once:
// one *FieldError per problem, joined. NewTopic calls it before it
// registers anything.
func (args TopicArgs) Validate() error {
	var errs argcheck.List
	if e := args.EmailAddress; e != "" {
		if problem, fix := emailProblem(e); problem != "" {
			errs.Add("EmailAddress", e, fix, "%s", problem)
		}
	}
	return errs.Err()
}

// emailProblem says what is wrong with an email address for an SNS email
// subscription, "" when nothing is, and the address it probably meant
// (nil when there is none).
func emailProblem(e string) (string, any) {
	a, err := mail.ParseAddress(e)
	switch {
	case err != nil:
		return "is not an email address: give a bare address such as ops@example.com", nil
	case a.Address != e:
		return fmt.Sprintf("is not a bare email address: give %s alone", a.Address), a.Address
	}
	_, domain, _ := strings.Cut(a.Address, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return fmt.Sprintf("has the domain %q, which mail cannot reach: give an address at a domain such as example.com", domain), nil
	}
	return "", nil
}

// NewTopic creates the topic's key, the topic, its policy and the optional
// email subscription. It validates args before it registers anything: on
// error, nothing is created.
func NewTopic(ctx *pulumi.Context, name string, args *TopicArgs, opts ...pulumi.ResourceOption) (*Topic, error) {
	if args == nil {
		args = &TopicArgs{}
	}
	a := *args // nothing to default: every zero value is the default
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("notify: %s: %w", name, err)
	}
	for i, p := range a.PublisherRoleARNs {
		if p == nil {
			return nil, fmt.Errorf("notify: %s: PublisherRoleARNs[%d] is nil: pass the role's ARN", name, i)
		}
	}
	c := &Topic{}
	if err := ctx.RegisterComponentResource(TopicType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("notify: %s: looking up the partition: %w", name, err)
	}
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("notify: %s: looking up the region: %w", name, err)
	}
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("notify: %s: looking up the account: %w", name, err)
	}
	tags := func(child string) pulumi.StringMap { return tagging.For(child, a.Tags) }
	publishers := pulumi.StringArray{}
	for _, p := range a.PublisherRoleARNs {
		publishers = append(publishers, p)
	}
	publisherList := publishers.ToStringArrayOutput()

	kn := name + "-key"
	key, err := awskms.NewKey(ctx, kn, &awskms.KeyArgs{
		Description:       pulumi.String(fmt.Sprintf("SNS topic %s of %s/%s: CloudWatch alarms and the publisher roles may use it.", name, ctx.Project(), ctx.Stack())),
		EnableKeyRotation: pulumi.Bool(true),
		Policy: publisherList.ApplyT(func(roles []string) string {
			return keyPolicy(partition.Partition, partition.DnsSuffix, region.Name, account.AccountId, roles)
		}).(pulumi.StringOutput),
		Tags: tags(kn),
	}, parent)
	if err != nil {
		return nil, err
	}
	topic, err := awssns.NewTopic(ctx, name, &awssns.TopicArgs{
		KmsMasterKeyId: key.Arn,
		Tags:           tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}
	policy, err := awssns.NewTopicPolicy(ctx, name, &awssns.TopicPolicyArgs{
		Arn: topic.Arn,
		Policy: pulumi.All(topic.Arn, publisherList).ApplyT(func(all []any) string {
			arn, _ := all[0].(string)
			roles, _ := all[1].([]string)
			return topicPolicy(partition.Partition, region.Name, account.AccountId, arn, roles)
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, err
	}
	if a.EmailAddress != "" {
		if _, err := awssns.NewTopicSubscription(ctx, name+"-email", &awssns.TopicSubscriptionArgs{
			Topic:    topic.Arn,
			Protocol: pulumi.String("email"),
			Endpoint: pulumi.String(a.EmailAddress),
		}, parent); err != nil {
			return nil, err
		}
	}

	c.TopicARN = pulumi.All(topic.Arn, policy.ID()).ApplyT(func(all []any) string {
		arn, _ := all[0].(string)
		return arn
	}).(pulumi.StringOutput)
	c.TopicName = topic.Name
	c.KeyARN = key.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"topicArn":  c.TopicARN,
		"topicName": c.TopicName,
		"keyArn":    c.KeyARN,
	}); err != nil {
		return nil, err
	}
	return c, nil
}
