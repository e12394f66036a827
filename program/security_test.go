package program

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
	"github.com/ecs-bluegreen/ecs-bluegreen/program/outputs"
	"github.com/google/go-cmp/cmp"
)

// The tests in this file check the security baseline (issue 11) as the
// program composes it: the WAF on the load balancer, the notification
// topic the alarms and the deployment group publish to, the read-only
// container, the log key, the permissions boundary on every role; and that
// turning each on or off changes nothing but its own resources.

// prodRun is stackRun of the prod stack.
func prodRun(t *testing.T, extra map[string]string) programRun {
	t.Helper()
	return stackRun(t, "prod", extra)
}

// TestWAFProtectsTheLoadBalancer: prod's web ACL is associated with the
// load balancer; dev has none.
func TestWAFProtectsTheLoadBalancer(t *testing.T) {
	t.Parallel()
	r := prodRun(t, map[string]string{"wafRateLimit": "500"})
	acl := one(t, r.mocks, "aws:wafv2/webAcl:WebAcl")
	assoc := one(t, r.mocks, "aws:wafv2/webAclAssociation:WebAclAssociation")
	lb := one(t, r.mocks, "aws:lb/loadBalancer:LoadBalancer")
	if !assoc.DependsOn(lb.URN) || !assoc.DependsOn(acl.URN) || !strings.Contains(assoc.String("resourceArn"), ":loadbalancer/app/") {
		t.Errorf("association %v does not tie the web ACL to the load balancer", assoc.Inputs)
	}
	if acl.String("scope") != "REGIONAL" || acl.Number("rules", "1", "statement", "rateBasedStatement", "limit") != 500 {
		t.Errorf("web ACL %v: want REGIONAL and the rate limit 500", acl.Inputs)
	}
	if !acl.Get("rules", "0", "overrideAction", "none").IsObject() {
		t.Errorf("prod's web ACL counts only: %v", acl.Get("rules", "0", "overrideAction"))
	}
	if got := r.exports[outputs.WebACLARN].String(); got == "" || !strings.Contains(got, ":regional/webacl/") {
		t.Errorf("webAclArn = %q", got)
	}
	if d := devRun(t, nil); len(d.mocks.OfType("aws:wafv2/webAcl:WebAcl")) != 0 || d.exports[outputs.WebACLARN].String() != "" {
		t.Error("dev has a web ACL: it is off there to keep dev cheap")
	}
}

// TestNotificationsReachTheTopic: every rollback alarm and the deployment
// group publish to the stack's topic, which lets exactly them publish.
func TestNotificationsReachTheTopic(t *testing.T) {
	t.Parallel()
	r := devRun(t, map[string]string{"notifyEmail": "ops@example.com"})
	topicARN := r.exports[outputs.NotificationTopicARN].String()
	if !strings.HasPrefix(topicARN, "arn:aws:sns:") || !strings.HasPrefix(r.exports[outputs.NotificationTopicName].String(), "notifications-") {
		t.Fatalf("notificationTopicArn %q, notificationTopicName %q", topicARN, r.exports[outputs.NotificationTopicName].String())
	}
	alarms := r.mocks.OfType("aws:cloudwatch/metricAlarm:MetricAlarm")
	if len(alarms) != 4 {
		t.Fatalf("%d alarms, want 4", len(alarms))
	}
	for _, a := range alarms {
		if a.String("alarmActions", "0") != topicARN || a.String("okActions", "0") != topicARN {
			t.Errorf("alarm %s actions %v / %v, want the topic", a.Name, a.Get("alarmActions"), a.Get("okActions"))
		}
	}
	dg := one(t, r.mocks, "aws:codedeploy/deploymentGroup:DeploymentGroup")
	if dg.String("triggerConfigurations", "0", "triggerTargetArn") != topicARN {
		t.Errorf("deployment group triggers %v, want the topic", dg.Get("triggerConfigurations"))
	}
	// The deployment group publishes with its service role: the topic's
	// policy and its key's admit that role, and CloudWatch.
	role := dg.String("serviceRoleArn")
	policy := one(t, r.mocks, "aws:sns/topicPolicy:TopicPolicy")
	tp, err := iampolicy.Parse(policy.String("policy"))
	if err != nil {
		t.Fatal(err)
	}
	var publishers []string
	for _, s := range tp.Statement {
		publishers = append(publishers, s.Principal.Service...)
		publishers = append(publishers, s.Principal.AWS...)
	}
	if diff := cmp.Diff([]string{"cloudwatch.amazonaws.com", role}, publishers); diff != "" {
		t.Errorf("topic policy publishers (-want +got):\n%s", diff)
	}
	key, _ := r.mocks.Named("aws:kms/key:Key", "notifications-key")
	kp, _ := iampolicy.Parse(key.String("policy"))
	if len(kp.Statement) != 3 || kp.Statement[2].Principal.AWS[0] != role || kp.Statement[1].Principal.Service[0] != "cloudwatch.amazonaws.com" {
		t.Errorf("topic key policy %s: want CloudWatch and the CodeDeploy role %s", key.String("policy"), role)
	}
	topic := one(t, r.mocks, "aws:sns/topic:Topic")
	if topic.String("kmsMasterKeyId") == "" || strings.Contains(topic.String("kmsMasterKeyId"), "alias/aws/sns") {
		t.Errorf("topic key %q: want the topic's own customer managed key", topic.String("kmsMasterKeyId"))
	}
	sub := one(t, r.mocks, "aws:sns/topicSubscription:TopicSubscription")
	if sub.String("endpoint") != "ops@example.com" || sub.String("topic") != topicARN {
		t.Errorf("subscription %v", sub.Inputs)
	}
}

// TestContainerHardening: read-only root with /tmp writable, nothing
// privileged or of the host, in both stacks; containerUser sets the user.
func TestContainerHardening(t *testing.T) {
	t.Parallel()
	for _, r := range []programRun{devRun(t, nil), prodRun(t, map[string]string{"containerUser": "101"})} {
		td := one(t, r.mocks, "aws:ecs/taskDefinition:TaskDefinition")
		var defs []map[string]any
		if err := json.Unmarshal([]byte(td.String("containerDefinitions")), &defs); err != nil {
			t.Fatal(err)
		}
		c := defs[0]
		if c["readonlyRootFilesystem"] != true {
			t.Errorf("readonlyRootFilesystem = %v, want true", c["readonlyRootFilesystem"])
		}
		tmpfs, _ := c["linuxParameters"].(map[string]any)["tmpfs"].([]any)
		if len(tmpfs) != 1 || tmpfs[0].(map[string]any)["containerPath"] != "/tmp" {
			t.Errorf("tmpfs = %v, want /tmp", tmpfs)
		}
		for _, k := range []string{"privileged", "mountPoints", "volumesFrom"} {
			if _, has := c[k]; has {
				t.Errorf("container sets %s", k)
			}
		}
		if v := td.Get("volumes"); !v.IsNull() {
			t.Errorf("task definition volumes %v: nothing of the host is mounted", v)
		}
		if td.String("networkMode") != "bridge" || td.String("pidMode") == "host" || td.String("ipcMode") == "host" {
			t.Errorf("network mode %q, pid mode %v", td.String("networkMode"), td.Get("pidMode"))
		}
	}
	r := prodRun(t, map[string]string{"containerUser": "101"})
	td := one(t, r.mocks, "aws:ecs/taskDefinition:TaskDefinition")
	if !strings.Contains(td.String("containerDefinitions"), `"user":"101"`) {
		t.Errorf("containerUser 101 not in %s", td.String("containerDefinitions"))
	}
}

// TestLogGroupsUnderTheStackKey: with encryptLogs (prod) every log group
// of the stack, WAF's too, takes the stack's key; without, none has one.
func TestLogGroupsUnderTheStackKey(t *testing.T) {
	t.Parallel()
	r := prodRun(t, map[string]string{"wafLogs": "true"})
	key := r.exports[outputs.LogKeyARN].String()
	groups := r.mocks.OfType("aws:cloudwatch/logGroup:LogGroup")
	if len(groups) != 4 || key == "" {
		t.Fatalf("%d log groups, logKeyArn %q: want the container's, the flow logs', WAF's and the validation hook's, and a key", len(groups), key)
	}
	for _, g := range groups {
		if g.String("kmsKeyId") != key {
			t.Errorf("log group %s kmsKeyId %q, want %s", g.Name, g.String("kmsKeyId"), key)
		}
	}
	k, _ := r.mocks.Named("aws:kms/key:Key", "logs")
	if !k.True("enableKeyRotation") || !strings.Contains(k.String("policy"), "kms:EncryptionContext:aws:logs:arn") {
		t.Errorf("log key %v: want rotation and the encryption-context condition", k.Inputs)
	}
	d := devRun(t, map[string]string{"flowLogs": "true"})
	for _, g := range d.mocks.OfType("aws:cloudwatch/logGroup:LogGroup") {
		if v := g.Get("kmsKeyId"); !v.IsNull() {
			t.Errorf("dev log group %s has a key %v", g.Name, v)
		}
	}
	if d.exports[outputs.LogKeyARN].String() != "" || len(d.mocks.OfType("aws:kms/key:Key")) != 1 {
		t.Errorf("dev has a log key: only the topic's key belongs there")
	}
}

// TestPermissionsBoundaryOnEveryRole: permissionsBoundaryArn bounds every
// role the stack creates.
func TestPermissionsBoundaryOnEveryRole(t *testing.T) {
	t.Parallel()
	const boundary = "arn:aws:iam::123456789012:policy/ecs-bluegreen-ci/WorkloadBoundary"
	extra := map[string]string{"permissionsBoundaryArn": boundary}
	// prod: four of iam.Roles, the flow logs' and the validation hook's;
	// dev: four and the NAT instance's.
	for stack, r := range map[string]programRun{"prod": prodRun(t, extra), "dev": devRun(t, extra)} {
		roles := r.mocks.OfType("aws:iam/role:Role")
		if want := map[string]int{"prod": 6, "dev": 5}[stack]; len(roles) != want {
			t.Errorf("%s: %d roles, want %d", stack, len(roles), want)
		}
		for _, role := range roles {
			if role.String("permissionsBoundary") != boundary {
				t.Errorf("%s: role %s has boundary %q, want %s", stack, role.Name, role.String("permissionsBoundary"), boundary)
			}
		}
	}
}

// inputDiff is what changes between two runs of the program: the URNs only
// the second registers, the URNs only the first does, and for the URNs
// both register, the top-level inputs that differ.
type inputDiff struct {
	added, removed []string
	changed        map[string][]string
}

func diffRuns(before, after *awsmock.Mocks) inputDiff {
	index := func(m *awsmock.Mocks) map[string]awsmock.Resource {
		out := map[string]awsmock.Resource{}
		for _, r := range m.Resources() {
			out[r.URN] = r
		}
		return out
	}
	b, a := index(before), index(after)
	d := inputDiff{changed: map[string][]string{}}
	for _, urn := range slices.Sorted(maps.Keys(a)) {
		old, ok := b[urn]
		if !ok {
			d.added = append(d.added, urn)
			continue
		}
		oldIn, newIn := old.Inputs.Mappable(), a[urn].Inputs.Mappable()
		keys := map[string]bool{}
		for k := range oldIn {
			keys[k] = true
		}
		for k := range newIn {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			if !cmp.Equal(oldIn[k], newIn[k]) {
				d.changed[urn] = append(d.changed[urn], k)
			}
		}
	}
	for _, urn := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[urn]; !ok {
			d.removed = append(d.removed, urn)
		}
	}
	return d
}

// short writes a URN as "type name" for failures.
func short(urn string) string {
	parts := strings.Split(urn, "::")
	typ := parts[len(parts)-2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ + " " + parts[len(parts)-1]
}

// TestFeatureTogglesChangeOnlyTheirOwn turns each feature of the security
// baseline on (and, by symmetry, off): the resources both runs register
// keep their inputs, but for the in-place changes the feature makes, and
// nothing is removed. What it adds are its own resources.
func TestFeatureTogglesChangeOnlyTheirOwn(t *testing.T) {
	t.Parallel()
	const boundary = "arn:aws:iam::123456789012:policy/Boundary"
	tests := map[string]struct {
		stack     string
		base, on  map[string]string
		addedType []string            // types the feature adds (any name)
		changed   map[string][]string // "type name" -> the inputs it changes in place
	}{
		"waf": {
			stack: "dev", base: map[string]string{"waf": "false"}, on: map[string]string{"waf": "true"},
			addedType: []string{"ecs-bluegreen:waf:WebACL", "aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclAssociation:WebAclAssociation"},
		},
		"wafLogs": {
			stack: "prod", base: map[string]string{"wafLogs": "false"}, on: map[string]string{"wafLogs": "true"},
			addedType: []string{"aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"},
		},
		"wafCountOnly": {
			stack: "prod", base: map[string]string{"wafCountOnly": "false"}, on: map[string]string{"wafCountOnly": "true"},
			changed: map[string][]string{"aws:wafv2/webAcl:WebAcl waf": {"description", "rules"}},
		},
		"wafRateLimit": {
			stack: "prod", base: map[string]string{}, on: map[string]string{"wafRateLimit": "800"},
			changed: map[string][]string{"aws:wafv2/webAcl:WebAcl waf": {"description", "rules"}},
		},
		"notifyEmail": {
			stack: "dev", base: map[string]string{}, on: map[string]string{"notifyEmail": "ops@example.com"},
			addedType: []string{"aws:sns/topicSubscription:TopicSubscription"},
		},
		"encryptLogs": {
			stack: "prod", base: map[string]string{"encryptLogs": "false", "wafLogs": "true"}, on: map[string]string{"encryptLogs": "true", "wafLogs": "true"},
			addedType: []string{"ecs-bluegreen:kms:LogKey", "aws:kms/key:Key", "aws:kms/alias:Alias"},
			changed: map[string][]string{
				"aws:cloudwatch/logGroup:LogGroup app":           {"kmsKeyId"},
				"aws:cloudwatch/logGroup:LogGroup vpc-flow-logs": {"kmsKeyId"},
				"aws:cloudwatch/logGroup:LogGroup waf-logs":      {"kmsKeyId"},
				"aws:cloudwatch/logGroup:LogGroup validate":      {"kmsKeyId"},
			},
		},
		"validation": {
			stack: "dev", base: map[string]string{"validation": "false"}, on: map[string]string{"validation": "true"},
			addedType: []string{
				"ecs-bluegreen:validation:Hook", "aws:lambda/function:Function", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy",
				"aws:ec2/securityGroup:SecurityGroup", "aws:cloudwatch/logGroup:LogGroup",
			},
		},
		// A container change is a new task definition revision, which the
		// next release deploys: the service ignores it until then.
		"readonlyRootFilesystem": {
			stack: "dev", base: map[string]string{}, on: map[string]string{"readonlyRootFilesystem": "false"},
			changed: map[string][]string{"aws:ecs/taskDefinition:TaskDefinition app": {"containerDefinitions"}},
		},
		"containerUser": {
			stack: "dev", base: map[string]string{}, on: map[string]string{"containerUser": "101"},
			changed: map[string][]string{"aws:ecs/taskDefinition:TaskDefinition app": {"containerDefinitions"}},
		},
		"permissionsBoundaryArn": {
			stack: "prod", base: map[string]string{}, on: map[string]string{"permissionsBoundaryArn": boundary},
			changed: map[string][]string{
				"aws:iam/role:Role roles-codedeploy": {"permissionsBoundary"}, "aws:iam/role:Role roles-instance": {"permissionsBoundary"},
				"aws:iam/role:Role roles-execution": {"permissionsBoundary"}, "aws:iam/role:Role roles-task": {"permissionsBoundary"},
				"aws:iam/role:Role vpc-flow-logs": {"permissionsBoundary"}, "aws:iam/role:Role validate": {"permissionsBoundary"},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := func(extra map[string]string) programRun {
				if tc.stack == "prod" {
					return prodRun(t, extra)
				}
				return devRun(t, extra)
			}
			d := diffRuns(run(tc.base).mocks, run(tc.on).mocks)
			if len(d.removed) > 0 {
				t.Errorf("turning %s on removes %v", name, d.removed)
			}
			for _, urn := range d.added {
				if !slices.ContainsFunc(tc.addedType, func(typ string) bool {
					return strings.Contains(urn, "::"+typ+"::") || strings.HasSuffix(strings.Split(urn, "::")[2], "$"+typ)
				}) {
					t.Errorf("turning %s on adds %s, which is not one of its resources %v", name, short(urn), tc.addedType)
				}
			}
			if len(d.added) == 0 && len(tc.addedType) > 0 {
				t.Errorf("turning %s on adds nothing", name)
			}
			got := map[string][]string{}
			for urn, keys := range d.changed {
				got[short(urn)] = keys
			}
			want := tc.changed
			if want == nil {
				want = map[string][]string{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("turning %s on changes (-want +got):\n%s", name, diff)
			}
		})
	}
}
