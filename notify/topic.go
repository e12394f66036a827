package notify

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/location"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
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
	at, err := location.Lookup(ctx, parent)
	if err != nil {
		return nil, fmt.Errorf("notify: %s: %w", name, err)
	}
	publishers := pulumi.StringArray{}
	for _, p := range a.PublisherRoleARNs {
		publishers = append(publishers, p)
	}
	b := topicBuilder{ctx: ctx, name: name, a: a, at: at, publishers: publishers.ToStringArrayOutput(), parent: parent}
	key, err := b.newKey()
	if err != nil {
		return nil, err
	}
	topic, policy, err := b.newTopic(key)
	if err != nil {
		return nil, err
	}
	if err := b.newEmailSubscription(topic); err != nil {
		return nil, err
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

// topicBuilder creates the component's children.
type topicBuilder struct {
	ctx        *pulumi.Context
	name       string
	a          TopicArgs
	at         location.Location
	publishers pulumi.StringArrayOutput // the publisher roles' ARNs
	parent     pulumi.ResourceOption
}

func (b topicBuilder) tags(child string) pulumi.StringMap {
	return pulumi.ToStringMap(tagging.For(child, b.a.Tags))
}

// newKey creates the topic's key, which CloudWatch alarms of the account
// and the publisher roles through SNS may use.
func (b topicBuilder) newKey() (*awskms.Key, error) {
	kn := b.name + "-key"
	return awskms.NewKey(b.ctx, kn, &awskms.KeyArgs{
		Description:       pulumi.String(fmt.Sprintf("SNS topic %s of %s/%s: CloudWatch alarms and the publisher roles may use it.", b.name, b.ctx.Project(), b.ctx.Stack())),
		EnableKeyRotation: pulumi.Bool(true),
		Policy: b.publishers.ApplyT(func(roles []string) string {
			return keyPolicy(b.at.Partition, b.at.DNSSuffix, b.at.Region, b.at.Account, roles)
		}).(pulumi.StringOutput),
		Tags: b.tags(kn),
	}, b.parent)
}

// newTopic creates the topic, encrypted with key, and its policy.
func (b topicBuilder) newTopic(key *awskms.Key) (*awssns.Topic, *awssns.TopicPolicy, error) {
	topic, err := awssns.NewTopic(b.ctx, b.name, &awssns.TopicArgs{
		KmsMasterKeyId: key.Arn,
		Tags:           b.tags(b.name),
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	policy, err := awssns.NewTopicPolicy(b.ctx, b.name, &awssns.TopicPolicyArgs{
		Arn: topic.Arn,
		Policy: pulumi.All(topic.Arn, b.publishers).ApplyT(func(all []any) string {
			arn, _ := all[0].(string)
			roles, _ := all[1].([]string)
			return topicPolicy(b.at.Partition, b.at.Region, b.at.Account, arn, roles)
		}).(pulumi.StringOutput),
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	return topic, policy, nil
}

// newEmailSubscription subscribes TopicArgs.EmailAddress, when set.
func (b topicBuilder) newEmailSubscription(topic *awssns.Topic) error {
	if b.a.EmailAddress == "" {
		return nil
	}
	_, err := awssns.NewTopicSubscription(b.ctx, b.name+"-email", &awssns.TopicSubscriptionArgs{
		Topic:    topic.Arn,
		Protocol: pulumi.String("email"),
		Endpoint: pulumi.String(b.a.EmailAddress),
	}, b.parent)
	return err
}
