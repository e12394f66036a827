package notify_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck/argchecktest"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/notify"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const role = "arn:aws:iam::123456789012:role/roles-codedeploy-abc1234"

type consumer struct{ pulumi.CustomResourceState }

func run(t *testing.T, args func() *notify.TopicArgs, names ...string) (*awsmock.Mocks, map[string]*awsmock.Value, error) {
	t.Helper()
	m := &awsmock.Mocks{}
	out := map[string]*awsmock.Value{}
	err := awsmock.Run(m, nil, func(ctx *pulumi.Context) error {
		for _, n := range names {
			topic, err := notify.NewTopic(ctx, n, args())
			if err != nil {
				return err
			}
			out[n+".topicArn"] = awsmock.Watch(ctx, topic.TopicARN)
			out[n+".topicName"] = awsmock.Watch(ctx, topic.TopicName)
			out[n+".keyArn"] = awsmock.Watch(ctx, topic.KeyARN)
			var c consumer
			if err := ctx.RegisterResource("test:index:Consumer", n, pulumi.Map{"topic": topic.TopicARN}, &c); err != nil {
				return err
			}
		}
		return nil
	})
	return m, out, err
}

func withEmail() *notify.TopicArgs {
	return &notify.TopicArgs{PublisherRoleARNs: []pulumi.StringInput{pulumi.String(role)}, EmailAddress: "ops@example.com", Tags: map[string]string{"Stack": "test"}}
}

func TestTopicTypeToken(t *testing.T) {
	t.Parallel()
	if notify.TopicType != "ecs-bluegreen:notify:Topic" {
		t.Errorf("TopicType = %q: changing it replaces the topic; add an alias instead", notify.TopicType)
	}
}

func TestTopicChildNamesAreStable(t *testing.T) {
	t.Parallel()
	m, _, err := run(t, withEmail, "alerts", "other")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range m.Shape() {
		if !strings.HasPrefix(s, "test:") {
			got = append(got, s)
		}
	}
	want := []string{
		"aws:kms/key:Key alerts-key", "aws:kms/key:Key other-key",
		"aws:sns/topic:Topic alerts", "aws:sns/topic:Topic other",
		"aws:sns/topicPolicy:TopicPolicy alerts", "aws:sns/topicPolicy:TopicPolicy other",
		"aws:sns/topicSubscription:TopicSubscription alerts-email", "aws:sns/topicSubscription:TopicSubscription other-email",
		"ecs-bluegreen:notify:Topic alerts", "ecs-bluegreen:notify:Topic other",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("registered (-want +got):\n%s", diff)
	}
	if dups := m.DuplicateURNs(); len(dups) > 0 {
		t.Errorf("duplicate URNs %v", dups)
	}
	comp, _ := m.Named(notify.TopicType, "alerts")
	for _, r := range m.Resources() {
		if r.Custom && strings.HasPrefix(r.Name, "alerts") && r.Type != "test:index:Consumer" && r.Parent != comp.URN {
			t.Errorf("%s %s has parent %q", r.Type, r.Name, r.Parent)
		}
	}
}

func TestNewTopic(t *testing.T) {
	t.Parallel()
	m, out, err := run(t, withEmail, "alerts")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := m.Named("aws:kms/key:Key", "alerts-key")
	topic, _ := m.Named("aws:sns/topic:Topic", "alerts")
	policy, _ := m.Named("aws:sns/topicPolicy:TopicPolicy", "alerts")
	sub, _ := m.Named("aws:sns/topicSubscription:TopicSubscription", "alerts-email")

	// Encrypted with its own key, which CloudWatch and the role may use.
	if !key.True("enableKeyRotation") || topic.String("kmsMasterKeyId") != out["alerts.keyArn"].String() || !topic.DependsOn(key.URN) {
		t.Errorf("topic kmsMasterKeyId %q, key rotation %v: want the topic under its own rotated key %s", topic.String("kmsMasterKeyId"), key.True("enableKeyRotation"), out["alerts.keyArn"].String())
	}
	kp, err := iampolicy.Parse(key.String("policy"))
	if err != nil || len(kp.Statement) != 3 || kp.Statement[2].Principal.AWS[0] != role || kp.Statement[1].Principal.Service[0] != "cloudwatch.amazonaws.com" {
		t.Errorf("key policy %s: want the account, CloudWatch and the publisher role", key.String("policy"))
	}
	// The policy names the topic and the role.
	tp, err := iampolicy.Parse(policy.String("policy"))
	if err != nil || policy.String("arn") != out["alerts.topicArn"].String() || tp.Statement[0].Resource[0] != out["alerts.topicArn"].String() || tp.Statement[1].Principal.AWS[0] != role {
		t.Errorf("topic policy %v on %s: want CloudWatch and the role allowed to publish to %s", tp, policy.String("arn"), out["alerts.topicArn"].String())
	}
	if sub.String("protocol") != "email" || sub.String("endpoint") != "ops@example.com" || sub.String("topic") != out["alerts.topicArn"].String() {
		t.Errorf("subscription %v", sub.Inputs)
	}
	if topic.String("tags", "Stack") != "test" || key.String("tags", "Name") != "alerts-key" {
		t.Errorf("tags: topic %v, key %v", topic.Get("tags"), key.Get("tags"))
	}
	// Who takes the topic's ARN waits for its policy.
	c, _ := m.Named("test:index:Consumer", "alerts")
	if !c.DependsOn(policy.URN) {
		t.Errorf("a consumer of TopicARN depends on %v, want the topic policy", c.Dependencies)
	}
	if !strings.HasPrefix(out["alerts.topicName"].String(), "alerts-") {
		t.Errorf("TopicName = %q", out["alerts.topicName"].String())
	}
}

func TestNewTopicWithoutEmailOrPublishers(t *testing.T) {
	t.Parallel()
	m, _, err := run(t, func() *notify.TopicArgs { return nil }, "alerts")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.OfType("aws:sns/topicSubscription:TopicSubscription")); n != 0 {
		t.Errorf("%d subscriptions without an address", n)
	}
	key, _ := m.Named("aws:kms/key:Key", "alerts-key")
	if kp, _ := iampolicy.Parse(key.String("policy")); len(kp.Statement) != 2 {
		t.Errorf("key policy without publishers has %d statements, want 2", len(kp.Statement))
	}
}

func TestTopicValidate(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string][]argchecktest.Problem{
		"":                      nil,
		"ops@example.com":       nil,
		"ops":                   {{Field: "EmailAddress", Value: "ops"}},
		"Ops <ops@example.com>": {{Field: "EmailAddress", Value: "Ops <ops@example.com>", Fix: "ops@example.com"}},
	} {
		args := notify.TopicArgs{EmailAddress: addr}
		if diff := cmp.Diff(want, argchecktest.Problems(t, args, args.Validate())); diff != "" {
			t.Errorf("EmailAddress %q (-want +got):\n%s", addr, diff)
		}
	}
	m, _, err := run(t, func() *notify.TopicArgs { return &notify.TopicArgs{EmailAddress: "ops@"} }, "alerts")
	if err == nil || !strings.Contains(err.Error(), `notify: alerts: EmailAddress "ops@" is not an email address`) || len(m.Resources()) != 0 {
		t.Errorf("NewTopic(bad address) = %v with %d resources, want the field named and nothing registered", err, len(m.Resources()))
	}
}

func ExampleNewTopic() {
	program := func(ctx *pulumi.Context) error {
		topic, err := notify.NewTopic(ctx, "alerts", &notify.TopicArgs{
			// PublisherRoleARNs: []pulumi.StringInput{roles.CodeDeployRoleARN},
			EmailAddress: "ops@example.com",
		})
		if err != nil {
			return err
		}
		ctx.Export("notificationTopicArn", topic.TopicARN)
		return nil
	}
	err := awsmock.Run(&awsmock.Mocks{}, nil, program)
	fmt.Println(err)
	// Output: <nil>
}
